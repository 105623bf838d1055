package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.MultipartBodyDecoder;
import org.vifd.openflow.protocol.PortDesc;
import org.vifd.openflow.stats.GroupDesc;
import org.vifd.openflow.stats.GroupFeatures;
import org.vifd.openflow.stats.GroupStats;
import org.vifd.openflow.stats.MeterConfig;
import org.vifd.openflow.stats.MeterFeatures;
import org.vifd.openflow.stats.MeterStats;
import org.vifd.openflow.stats.PortStats;
import org.vifd.openflow.stats.QueueStats;
import org.vifd.openflow.stats.SwitchDescription;
import org.vifd.openflow.stats.TableFeatures;
import org.vifd.openflow.stats.TableStats;

/**
 * The issue-5 decoders (port status, flow removed, group/port/table mod, queue config, every multipart body) on
 * truncated, bit-flipped and random input: a value or a DecodeException, never another exception, never a hang.
 */
class NewMessagesGarbageTest {
    static final List<String> MESSAGES = List.of("ovs-port-status-add-of13", "ovs-port-status-add-of14",
            "ovs-flow-removed-delete-of13", "ovs-flow-removed-delete-of15", "ovs-queue-get-config-reply-of13",
            "ovs-error-group-exists-of13", "ofctl/ofctl-group-mod-select-of13", "ofctl/ofctl-port-mod-of13",
            "ours/table-mod-eviction-of14", "ours/port-mod-down-of14", "ours/group-mod-ff-of14",
            // Second pass: OpenFlow 1.4/1.5 messages, pause/resume.
            "ovs-role-status-of14", "ovs-table-status-vacancy-down-of14", "ovs-table-status-vacancy-up-of15",
            "ovs-requestforward-group-mod-of14", "ovs-requestforward-group-mod-of15",
            "ovs-requestforward-meter-mod-of14", "ofctl/ofctl-packet-out-pipeline-of15",
            "ofctl/ofctl-group-mod-ff-of15", "ofctl/ofctl-group-mod-selection-method-of15",
            "ofctl/ofctl-group-mod-insert-bucket-of15", "ovs-nxt-packet-in2-pause-of13", "ofctl/ofctl-nxt-resume-of13",
            "ovs-flow-stats-reply-with-stats-of15", "ovs-flow-monitor-reply-modified-of14",
            "ofctl/ofctl-flow-monitor-request-of14");
    static final List<MultipartBodyDecoder<?>> BODY_DECODERS = List.of(PortDesc::decodeAll,
            SwitchDescription::decode, TableStats::decodeAll, TableFeatures::decodeAll, PortStats::decodeAll,
            QueueStats::decodeAll, GroupDesc::decodeAll, GroupStats::decodeAll, GroupFeatures::decode,
            MeterStats::decodeAll, MeterConfig::decodeAll, MeterFeatures::decode,
            org.vifd.openflow.protocol.FlowUpdate::decodeAll, org.vifd.openflow.protocol.FlowMonitorRequest::decodeAll);
    static final List<String> REPLIES = List.of("ovs-port-desc-reply-of13", "ovs-port-desc-reply-of14",
            "ovs-desc-reply-of13", "ovs-port-stats-reply-of14", "ovs-group-desc-reply-of13",
            "ovs-group-stats-reply-of13", "ovs-meter-config-reply-of13", "ovs-meter-stats-reply-of13",
            "ovs-group-features-reply-of13", "ovs-meter-features-reply-of13", "ovs-table-stats-reply-of13",
            "ovs-group-desc-reply-of15", "ovs-flow-monitor-reply-initial-of14", "ovs-flow-monitor-reply-added-of14",
            "ovs-flow-monitor-reply-deleted-of14", "ofctl/ofctl-flow-monitor-request-of14");

    static void decodeMessage(byte[] m) {
        try {
            MessageCodec.decode(Unpooled.wrappedBuffer(m));
        } catch (DecodeException e) {
            assertThat(e.offset()).isBetween(0, m.length);
        }
    }

    static void decodeBody(MultipartBodyDecoder<?> d, byte[] body, OfVersion v) {
        try {
            d.decode(Unpooled.wrappedBuffer(body), v);
        } catch (DecodeException e) {
            assertThat(e.getMessage()).isNotEmpty();
        }
    }

    @Test
    void everyTruncationAndBitFlipOfTheNewMessagesIsAValueOrADecodeException() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(5);
            for (String name : MESSAGES) {
                byte[] full = OfpPrint.hexFixture(name + ".hex");
                for (int len = 8; len <= full.length; len++) {
                    byte[] cut = Arrays.copyOf(full, len);
                    cut[2] = (byte) (len >> 8);
                    cut[3] = (byte) len;
                    decodeMessage(cut);
                }
                for (int k = 0; k < 300; k++) {
                    byte[] flipped = full.clone();
                    int at = 8 + r.nextInt(full.length - 8);
                    flipped[at] ^= (byte) (1 << r.nextInt(8));
                    decodeMessage(flipped);
                }
            }
        });
    }

    @Test
    void everyBodyDecoderOnTruncatedFlippedAndRandomBodiesIsAValueOrADecodeException() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(55);
            for (String name : REPLIES) {
                byte[] full = OfpPrint.hexFixture(name + ".hex");
                byte[] body = Arrays.copyOfRange(full, 16, full.length);
                for (MultipartBodyDecoder<?> d : BODY_DECODERS) {
                    for (OfVersion v : List.of(OfVersion.OF_1_3, OfVersion.OF_1_4, OfVersion.OF_1_5)) {
                        for (int len = 0; len < Math.min(body.length, 400); len += 1 + len / 16) {
                            decodeBody(d, Arrays.copyOf(body, len), v);
                        }
                        for (int k = 0; k < 50; k++) {
                            byte[] flipped = body.clone();
                            flipped[r.nextInt(body.length)] ^= (byte) (1 << r.nextInt(8));
                            decodeBody(d, flipped, v);
                            byte[] junk = new byte[r.nextInt(300)];
                            r.nextBytes(junk);
                            decodeBody(d, junk, v);
                        }
                    }
                }
            }
        });
    }
}
