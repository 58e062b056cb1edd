/**
 * A throughput benchmark for {@link io.feedpipe.publish.StoryPublisher}: N synthetic stories,
 * published through the publisher and, in the same run and against the same broker, through a
 * bare transactional producer sending the same event bytes (the ceiling). See the module README.
 */
@NullMarked
package io.feedpipe.publish.benchmarks;

import org.jspecify.annotations.NullMarked;
