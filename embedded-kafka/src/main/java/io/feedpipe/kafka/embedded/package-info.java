/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) inside the JVM.
 *
 * <p>Design note: this is the path {@code kafka-server-start.sh} takes — {@code KafkaConfig},
 * a one-time {@code Formatter} run when the log directory has no {@code meta.properties}, then
 * {@code KafkaRaftServer} — so tests and {@code feedpipe run}'s embedded mode talk to the real
 * protocol, transactions and {@code read_committed} included, without Docker. It listens on
 * 127.0.0.1 only. Kafka's fatal-error exits are redirected to exceptions (see
 * {@link io.feedpipe.kafka.embedded.EmbeddedKafka#start}) so a broker fault never kills the host JVM.
 *
 * <p>Doors: {@link io.feedpipe.kafka.embedded.EmbeddedKafka} and, for JUnit 5 tests,
 * {@link io.feedpipe.kafka.embedded.KafkaBrokerExtension}.
 */
@NullMarked
package io.feedpipe.kafka.embedded;

import org.jspecify.annotations.NullMarked;
