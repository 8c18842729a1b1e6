package dev.runnerlint.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.layer.Content;
import dev.runnerlint.reference.Platform;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ElfTest {

  /** The first 64 bytes of an ELF file as a linker writes them. */
  static byte[] header(int cls, int data, int machine) {
    byte[] h = new byte[64];
    h[0] = 0x7F;
    h[1] = 'E';
    h[2] = 'L';
    h[3] = 'F';
    h[4] = (byte) cls;
    h[5] = (byte) data;
    h[6] = 1; // EV_CURRENT
    boolean le = data == 1;
    put16(h, 16, 3, le); // ET_DYN (PIE)
    put16(h, 18, machine, le);
    return h;
  }

  static void put16(byte[] b, int off, int v, boolean le) {
    b[le ? off : off + 1] = (byte) v;
    b[le ? off + 1 : off] = (byte) (v >> 8);
  }

  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");
  static final Platform ARM = Platform.parse("linux/arm/v7");
  static final Platform I386 = Platform.parse("linux/386");

  @Test
  void x86_64() {
    Elf elf = Elf.parse(header(2, 1, 0x3E)).orElseThrow();
    assertThat(elf.bits()).isEqualTo(64);
    assertThat(elf.littleEndian()).isTrue();
    assertThat(elf.machineName()).isEqualTo("x86-64");
    assertThat(elf.describe()).isEqualTo("ELF 64-bit LSB x86-64");
    assertThat(elf.type()).isEqualTo(3);
    assertThat(elf.matchesPlatform(AMD64)).isTrue();
    assertThat(elf.matchesPlatform(ARM64)).isFalse();
  }

  @Test
  void aarch64() {
    Elf elf = Elf.parse(header(2, 1, 0xB7)).orElseThrow();
    assertThat(elf.machineName()).isEqualTo("AArch64");
    assertThat(elf.matchesPlatform(ARM64)).isTrue();
    assertThat(elf.matchesPlatform(AMD64)).isFalse();
    assertThat(Elf.expectedFor(AMD64)).map(Elf.Expectation::describe).hasValue("64-bit LSB x86-64");
  }

  @Test
  void arm32AndI386() {
    Elf arm = Elf.parse(header(1, 1, 0x28)).orElseThrow();
    assertThat(arm.bits()).isEqualTo(32);
    assertThat(arm.matchesPlatform(ARM)).isTrue();
    assertThat(arm.matchesPlatform(ARM64)).isFalse();
    Elf i386 = Elf.parse(header(1, 1, 0x03)).orElseThrow();
    assertThat(i386.matchesPlatform(I386)).isTrue();
    assertThat(i386.matchesPlatform(AMD64)).isFalse();
  }

  @Test
  void classMustMatchToo() {
    // a 32-bit x86-64 object (x32 ABI) is not an amd64 binary
    assertThat(Elf.parse(header(1, 1, 0x3E)).orElseThrow().matchesPlatform(AMD64)).isFalse();
  }

  @Test
  void bigEndianAndUnknownMachines() {
    Elf s390 = Elf.parse(header(2, 2, 0x16)).orElseThrow();
    assertThat(s390.littleEndian()).isFalse();
    assertThat(s390.machine()).isEqualTo(0x16);
    assertThat(s390.matchesPlatform(Platform.parse("linux/s390x"))).isTrue();
    Elf odd = Elf.parse(header(2, 1, 0x1234)).orElseThrow();
    assertThat(odd.machineName()).isEqualTo("machine 0x1234");
    assertThat(odd.matchesPlatform(Platform.parse("linux/mips64le"))).isFalse();
  }

  @Test
  void notElf() {
    assertThat(Elf.parse("#!/bin/bash\necho hello world\n".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(Elf.parse(new byte[] {0x7F, 'E', 'L', 'F'})).isEmpty(); // too short
    byte[] badClass = header(2, 1, 0x3E);
    badClass[4] = 9;
    assertThat(Elf.parse(badClass)).isEmpty();
    assertThat(Elf.parse(new Content(new byte[0], false))).isEmpty();
  }
}
