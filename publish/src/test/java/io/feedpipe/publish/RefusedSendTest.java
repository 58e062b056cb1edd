package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.junit.jupiter.api.Test;

class RefusedSendTest {
  @Test
  void recordErrorsAreRefusalsOfTheRecordAndNamedInKebabCase() {
    RefusedSend r = RefusedSend.of("p.stories", "s-1", new RecordTooLargeException("too big")).orElseThrow();

    assertThat(r.scope()).isEqualTo(RefusedSend.Scope.RECORD);
    assertThat(r.kind()).isEqualTo("kafka-record-too-large");
    assertThat(r.describe()).isEqualTo("p.stories refused the record keyed s-1 for good: RecordTooLargeException: too big");
  }

  @Test
  void authorisationRefusesTheWholeTopic() {
    assertThat(RefusedSend.scope(new TopicAuthorizationException("no"))).contains(RefusedSend.Scope.TOPIC);
  }

  @Test
  void outagesAndRecordsAbortedWithOthersAreNoRefusal() {
    assertThat(RefusedSend.scope(new TimeoutException("t"))).isEmpty();
    assertThat(RefusedSend.scope(new NotLeaderOrFollowerException("n"))).isEmpty();
    assertThat(RefusedSend.scope(new TransactionAbortedException("a"))).isEmpty();
  }
}
