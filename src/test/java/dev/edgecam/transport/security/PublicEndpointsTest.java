package dev.edgecam.transport.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Value equality, so that a config reload can tell public endpoints that changed from ones read again. */
@Timeout(10)
class PublicEndpointsTest {

    @Test
    void theSameEndpointsInAnyOrderOrCaseAreEqual() {
        PublicEndpoints endpoints = PublicEndpoints.parse("state,metrics");

        assertThat(PublicEndpoints.parse("state,metrics")).isEqualTo(endpoints).hasSameHashCodeAs(endpoints);
        assertThat(PublicEndpoints.parse(" Metrics , STATE,state")).isEqualTo(endpoints).hasSameHashCodeAs(endpoints);
        assertThat(PublicEndpoints.parse("")).isEqualTo(PublicEndpoints.none());
    }

    @Test
    void otherEndpointsDiffer() {
        assertThat(PublicEndpoints.parse("state")).isNotEqualTo(PublicEndpoints.parse("state,metrics"))
                .isNotEqualTo(PublicEndpoints.none()).isNotEqualTo("state");
        // page brings its assets along, so naming both is naming page
        assertThat(PublicEndpoints.parse("page")).isEqualTo(PublicEndpoints.parse("asset,page"))
                .isNotEqualTo(PublicEndpoints.parse("asset"));
    }
}
