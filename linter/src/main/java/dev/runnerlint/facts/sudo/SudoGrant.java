package dev.runnerlint.facts.sudo;

import dev.runnerlint.facts.ParseProblem;
import java.util.List;
import java.util.Optional;

/**
 * What the sudoers policy lets one user run as root on any host: the answer to "may this user run
 * ALL commands without a password, and what does that rely on".
 *
 * @param user the user asked about
 * @param decision the outcome for an arbitrary command run as root
 * @param decidedBy the last statement granting or denying ALL commands (last match wins)
 * @param exceptions statements after it that deny some commands or ask a password for them
 * @param reliesOn every file sudo reads for the policy, in order (sudo parses and checks each)
 * @param decidingChain the files from {@code /etc/sudoers} to the one holding {@code decidedBy}
 * @param problems parse errors (sudo before 1.9.4 refuses to run on any of them; later versions
 *     skip the broken statement) and unreadable files
 * @param notes what this evaluation could not decide or ignored (host-specific rules, netgroups…)
 * @param requiretty the {@code Defaults} line that leaves {@code requiretty} set for this user
 *     (last one wins, by binding order): sudo then refuses to run without a terminal, as in a pod
 * @param ignored what sudo skips: insecure include directories and files ({@link
 *     Sudoers#ignored()})
 */
public record SudoGrant(
    String user,
    Decision decision,
    Optional<SudoersLine> decidedBy,
    List<String> exceptions,
    List<SudoersFile> reliesOn,
    List<SudoersFile> decidingChain,
    List<ParseProblem> problems,
    List<String> notes,
    Optional<SudoersLine> requiretty,
    List<String> ignored) {

  /** The outcome for an arbitrary command run as root. */
  public enum Decision {
    /** ALL commands are allowed without a password. */
    ALL_NOPASSWD,
    /** ALL commands are allowed, with a password. */
    ALL_WITH_PASSWORD,
    /** The last matching statement denies ALL ({@code !ALL}). */
    DENIED,
    /** No statement grants this user ALL commands (at most specific ones). */
    NOT_GRANTED
  }

  public SudoGrant {
    exceptions = List.copyOf(exceptions);
    reliesOn = List.copyOf(reliesOn);
    decidingChain = List.copyOf(decidingChain);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
    ignored = List.copyOf(ignored);
  }

  /** True when every command may be run as root without a password, with no exception. */
  public boolean allCommandsWithoutPassword() {
    return decision == Decision.ALL_NOPASSWD && exceptions.isEmpty();
  }

  /** The files sudo would refuse (bad owner or writable by others), with the reason. */
  public List<String> insecureFiles() {
    return reliesOn.stream().flatMap(f -> f.insecurity().stream()).toList();
  }
}
