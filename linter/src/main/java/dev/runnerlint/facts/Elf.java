package dev.runnerlint.facts;

import dev.runnerlint.layer.Content;
import dev.runnerlint.reference.Platform;
import java.util.Optional;

/**
 * The identification and start of an ELF header (the first 20 bytes suffice): class, data encoding,
 * OS ABI, object type and machine. Used to tell whether a binary can run on an image's platform.
 *
 * @param bits 32 or 64 ({@code EI_CLASS})
 * @param littleEndian {@code EI_DATA} is {@code ELFDATA2LSB}
 * @param osAbi {@code EI_OSABI}
 * @param type {@code e_type} (2 executable, 3 shared object / PIE)
 * @param machine {@code e_machine}
 */
public record Elf(int bits, boolean littleEndian, int osAbi, int type, int machine) {

  public static final int EM_386 = 0x03;
  public static final int EM_ARM = 0x28;
  public static final int EM_X86_64 = 0x3E;
  public static final int EM_AARCH64 = 0xB7;
  public static final int EM_PPC64 = 0x15;
  public static final int EM_S390 = 0x16;
  public static final int EM_RISCV = 0xF3;

  /** What a platform's binaries look like. */
  public record Expectation(int bits, boolean littleEndian, int machine) {
    public String describe() {
      return bits + "-bit " + (littleEndian ? "LSB " : "MSB ") + machineName(machine);
    }
  }

  /** Parses the header; empty when {@code head} is not (the start of) an ELF file. */
  public static Optional<Elf> parse(byte[] head) {
    if (head == null || head.length < 20) {
      return Optional.empty();
    }
    if (head[0] != 0x7F || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
      return Optional.empty();
    }
    int cls = head[4] & 0xFF;
    int data = head[5] & 0xFF;
    if ((cls != 1 && cls != 2) || (data != 1 && data != 2)) {
      return Optional.empty();
    }
    boolean le = data == 1;
    int type = u16(head, 16, le);
    int machine = u16(head, 18, le);
    return Optional.of(new Elf(cls == 1 ? 32 : 64, le, head[7] & 0xFF, type, machine));
  }

  public static Optional<Elf> parse(Content content) {
    return parse(content.bytes());
  }

  private static int u16(byte[] b, int off, boolean le) {
    int lo = b[le ? off : off + 1] & 0xFF;
    int hi = b[le ? off + 1 : off] & 0xFF;
    return (hi << 8) | lo;
  }

  /** The name of an {@code e_machine} value, e.g. {@code x86-64}; unknown ones as hex. */
  public static String machineName(int machine) {
    return switch (machine) {
      case EM_386 -> "Intel 80386";
      case EM_ARM -> "ARM";
      case EM_X86_64 -> "x86-64";
      case EM_AARCH64 -> "AArch64";
      case EM_PPC64 -> "PowerPC64";
      case EM_S390 -> "IBM S/390";
      case EM_RISCV -> "RISC-V";
      default -> String.format("machine 0x%X", machine);
    };
  }

  public String machineName() {
    return machineName(machine);
  }

  /** E.g. {@code ELF 64-bit LSB x86-64}, as {@code file(1)} says it. */
  public String describe() {
    return "ELF " + bits + "-bit " + (littleEndian ? "LSB " : "MSB ") + machineName();
  }

  /**
   * What binaries of a Linux platform look like: amd64, arm64, arm, 386, ppc64le, s390x, riscv64.
   * Empty for architectures this table does not know.
   */
  public static Optional<Expectation> expectedFor(Platform platform) {
    return Optional.ofNullable(
        switch (platform.architecture()) {
          case "amd64" -> new Expectation(64, true, EM_X86_64);
          case "arm64" -> new Expectation(64, true, EM_AARCH64);
          case "arm" -> new Expectation(32, true, EM_ARM);
          case "386" -> new Expectation(32, true, EM_386);
          case "ppc64le" -> new Expectation(64, true, EM_PPC64);
          case "s390x" -> new Expectation(64, false, EM_S390);
          case "riscv64" -> new Expectation(64, true, EM_RISCV);
          default -> null;
        });
  }

  /**
   * True when class, data encoding and machine are those of the platform; false for a mismatch and
   * for platforms {@link #expectedFor} does not know.
   */
  public boolean matchesPlatform(Platform platform) {
    return expectedFor(platform)
        .map(e -> e.bits() == bits && e.littleEndian() == littleEndian && e.machine() == machine)
        .orElse(false);
  }
}
