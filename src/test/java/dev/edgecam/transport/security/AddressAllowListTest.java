package dev.edgecam.transport.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Value equality, so that a config reload can tell an allow-list that changed from one read again. */
@Timeout(10)
class AddressAllowListTest {

    @Test
    void twoParsesOfTheSameListAreEqual() {
        assertThat(AddressAllowList.parse("192.168.1.0/24,fd00::/8"))
                .isEqualTo(AddressAllowList.parse("192.168.1.0/24,fd00::/8"))
                .hasSameHashCodeAs(AddressAllowList.parse("192.168.1.0/24,fd00::/8"));
    }

    @Test
    void listsAllowingTheSameBlocksInAnotherOrderOrTwiceAreEqual() {
        AddressAllowList list = AddressAllowList.parse("192.168.1.0/24,fd00::/8");

        assertThat(AddressAllowList.parse("fd00::/8, 192.168.1.7/24")).isEqualTo(list).hasSameHashCodeAs(list);
        assertThat(AddressAllowList.parse("fd00::/8,192.168.1.0/24,fd00::/8")).isEqualTo(list).hasSameHashCodeAs(list);
    }

    @Test
    void listsOfOtherBlocksDiffer() {
        AddressAllowList list = AddressAllowList.parse("192.168.1.0/24");

        assertThat(AddressAllowList.parse("192.168.2.0/24")).isNotEqualTo(list);
        assertThat(AddressAllowList.parse("192.168.1.0/25")).isNotEqualTo(list);
        assertThat(AddressAllowList.parse("192.168.1.0/24,10.0.0.1")).isNotEqualTo(list);
    }

    @Test
    void anyoneAndNobodyAreEqualOnlyToThemselves() {
        assertThat(AddressAllowList.ANYONE).isNotEqualTo(AddressAllowList.NOBODY);
        assertThat(AddressAllowList.parse("")).isEqualTo(AddressAllowList.NOBODY);
        assertThat(AddressAllowList.parse("0.0.0.0/0,::/0")).isNotEqualTo(AddressAllowList.ANYONE);
        assertThat(AddressAllowList.parse("10.0.0.1").and(AddressAllowList.ANYONE)).isEqualTo(AddressAllowList.ANYONE);
        assertThat(AddressAllowList.ANYONE).isNotEqualTo(null).isNotEqualTo("anyone");
    }
}
