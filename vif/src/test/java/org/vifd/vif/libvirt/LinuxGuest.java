package org.vifd.vif.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A guest that answers PCI hot-unplug: Debian's cloud kernel (unpacked by scripts/install-deps.sh to
 * {@value #KERNEL}) booted by QEMU with a tiny initramfs whose {@code /init} (static busybox) prints
 * {@value #READY} on the serial console and sleeps. The kernel's ACPI PCI hotplug driver (acpiphp, built in)
 * ejects a device when QEMU asks, with no userspace involved. A diskless domain without a kernel never does,
 * so there a LIVE detach never completes.
 */
final class LinuxGuest {
    static final String KERNEL = "/opt/vifd-test-guest/vmlinuz";
    static final String BUSYBOX = "/bin/busybox";
    static final String READY = "vifd-guest: up";

    private LinuxGuest() {
    }

    /** Fails (never skips) with what to install when the kernel or a static busybox is missing. */
    static void requireImages() throws IOException {
        assertThat(Path.of(KERNEL)).as("guest kernel: run scripts/install-deps.sh (linux-image-cloud-amd64 unpacked)")
                .isRegularFile();
        assertThat(Path.of(BUSYBOX)).as("static busybox: apt-get install busybox-static").isRegularFile();
        assertThat(hasInterpreter(Files.readAllBytes(Path.of(BUSYBOX))))
                .as(BUSYBOX + " must be static (package busybox-static, not busybox)").isFalse();
    }

    /** An ELF64 little-endian executable with a PT_INTERP program header (System V gABI) is dynamically linked. */
    static boolean hasInterpreter(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(elf.length).as("ELF header").isGreaterThan(0x40);
        assertThat(b.getInt(0)).as("ELF magic").isEqualTo(0x464c457f);
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        for (int i = 0; i < phnum; i++) {
            if (b.getInt((int) (phoff + (long) i * phentsize)) == 3) { // PT_INTERP
                return true;
            }
        }
        return false;
    }

    /** Writes {@code initrd.gz} into {@code dir}. */
    static Path writeInitramfs(Path dir) {
        String init = """
                #!/bin/busybox sh
                /bin/busybox mount -t proc proc /proc
                /bin/busybox mount -t sysfs sysfs /sys
                echo "%s"
                while true; do /bin/busybox sleep 3600; done
                """.formatted(READY);
        try {
            byte[] image = new NewcArchive().directory("bin").directory("dev").directory("proc").directory("sys")
                    .characterDevice("dev/console", 0600, 5, 1)
                    .file("bin/busybox", 0755, Files.readAllBytes(Path.of(BUSYBOX)))
                    .file("init", 0755, init.getBytes(StandardCharsets.US_ASCII))
                    .toGzip();
            Path initrd = dir.resolve("initrd.gz");
            Files.write(initrd, image);
            return initrd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 'pc' (i440fx: ACPI PCI hotplug on bus 0) TCG domain booting the kernel, its serial console in a file. */
    static String domainXml(String name, String uuid, Path initrd, Path serialLog) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>256</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1 quiet</cmdline>
                  </os>
                  <features><acpi/></features>
                  <on_poweroff>destroy</on_poweroff>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <serial type='file'>
                      <source path='%s'/>
                      <target port='0'/>
                    </serial>
                  </devices>
                </domain>""".formatted(name, uuid, KERNEL, initrd, serialLog);
    }

    static String serial(Path serialLog) {
        try {
            return Files.exists(serialLog) ? Files.readString(serialLog, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
