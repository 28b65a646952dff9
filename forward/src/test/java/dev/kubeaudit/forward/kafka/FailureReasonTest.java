package dev.kubeaudit.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

/** The failures metric's reason label: short, stable, lower case. */
class FailureReasonTest {
    @Test
    void timeoutsOfEitherKindAreTimeout() {
        assertThat(KafkaDestination.label(new TimeoutException())).isEqualTo("timeout");
        assertThat(KafkaDestination.label(new org.apache.kafka.common.errors.TimeoutException("x"))).isEqualTo("timeout");
    }

    @Test
    void otherClientErrorsAreNamedAfterTheirClass() {
        assertThat(KafkaDestination.label(new RecordTooLargeException("x"))).isEqualTo("record_too_large");
        assertThat(KafkaDestination.label(new NotLeaderOrFollowerException())).isEqualTo("not_leader_or_follower");
        assertThat(KafkaDestination.label(new SaslAuthenticationException("x"))).isEqualTo("sasl_authentication");
    }
}
