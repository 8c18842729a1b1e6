package dev.runnerlint.facts;

/** One user of {@code /etc/passwd}; {@code line} is its one-based line number in the file. */
public record PasswdEntry(
    String name, long uid, long gid, String gecos, String home, String shell, int line) {}
