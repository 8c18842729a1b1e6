package dev.runnerlint.facts;

import java.util.List;

/** One group of {@code /etc/group}; {@code line} is its one-based line number in the file. */
public record GroupEntry(String name, long gid, List<String> members, int line) {
  public GroupEntry {
    members = List.copyOf(members);
  }

  public boolean hasMember(String user) {
    return members.contains(user);
  }
}
