package dev.edgecam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class LeaveReasonsTest {

    @Test
    void reasonsNameTheSystemsErrorNotNettysCall() {
        assertThat(LeaveReasons.of(new IOException("readAddress(..) failed with error(-104): Connection reset by peer")))
                .isEqualTo("connection error: Connection reset by peer");
        assertThat(LeaveReasons.of(new IOException("Broken pipe"))).isEqualTo("connection error: Broken pipe");
        assertThat(LeaveReasons.of(new IllegalStateException("x"))).doesNotContain("IllegalStateException");
    }
}
