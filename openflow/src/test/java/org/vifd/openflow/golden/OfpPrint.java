package org.vifd.openflow.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;

/** Runs the oracle, `ovs-ofctl ofp-print HEX`, and reads fixtures. */
final class OfpPrint {
    private OfpPrint() {
    }

    static String print(byte[] message) {
        Exec.require("ovs-ofctl");
        ExecResult r = Exec.run(Duration.ofSeconds(20), "ovs-ofctl", "ofp-print", HexFormat.of().formatHex(message));
        return (r.stdout() + r.stderr()).strip();
    }

    static String fixture(String path) {
        try (var in = OfpPrint.class.getResourceAsStream("/golden/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture golden/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hexFixture(String path) {
        return HexFormat.of().parseHex(fixture(path).replaceAll("\\s", ""));
    }

    static void write(Path p, String s) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, s + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
