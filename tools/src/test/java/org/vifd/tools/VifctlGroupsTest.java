package org.vifd.tools;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path's list of group names agrees with the picocli groups, so "vifctl of ..." never reaches ovs-vsctl parsing. */
class VifctlGroupsTest {

    @Test
    void groupNamesMatchTheGroupsCommandAnnotations() {
        assertThat(Vifctl.GROUP_NAMES).containsExactlyInAnyOrderElementsOf(
                Vifctl.GROUPS.stream().map(g -> g.getAnnotation(Command.class).name()).toList());
        assertThat(Vifctl.fastPath(new String[] {"of", "show", "br0"})).isNull();
        assertThat(Vifctl.fastPath(new String[] {"--db=unix:/x", "list-br"})).isNotNull();
    }
}
