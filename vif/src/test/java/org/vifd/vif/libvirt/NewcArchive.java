package org.vifd.vif.libvirt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * A writer of the "new ASCII" cpio format the kernel unpacks as an initramfs (Linux
 * Documentation/driver-api/early-userspace/buffer-format.rst): per entry a 110-byte header of "070701" and 13
 * eight-digit hex fields, the NUL-terminated name padded to 4 bytes, the data padded to 4 bytes; the archive
 * ends with the entry "TRAILER!!!". Device nodes need no privileges here, unlike mknod.
 */
final class NewcArchive {
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFCHR = 0020000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int nextInode = 1;

    NewcArchive directory(String name) {
        return entry(name, S_IFDIR | 0755, 2, 0, 0, new byte[0]);
    }

    NewcArchive file(String name, int permissions, byte[] data) {
        return entry(name, S_IFREG | permissions, 1, 0, 0, data);
    }

    NewcArchive characterDevice(String name, int permissions, int major, int minor) {
        return entry(name, S_IFCHR | permissions, 1, major, minor, new byte[0]);
    }

    private NewcArchive entry(String name, int mode, int nlink, int rdevMajor, int rdevMinor, byte[] data) {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        StringBuilder h = new StringBuilder("070701");
        // ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check
        for (int field : new int[] {nextInode++, mode, 0, 0, nlink, 0, data.length, 0, 0, rdevMajor, rdevMinor,
                nameBytes.length, 0}) {
            h.append(String.format("%08x", field));
        }
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(nameBytes);
        pad();
        out.writeBytes(data);
        pad();
        return this;
    }

    private void pad() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    /** The archive with its trailer, gzip-compressed (the kernel's RD_GZIP). */
    byte[] toGzip() {
        entry("TRAILER!!!", 0, 1, 0, 0, new byte[0]);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(gz)) {
            out.writeTo(z);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return gz.toByteArray();
    }
}
