package dev.prm.platform.clock;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/** Where the service's fact topics end, and how far its consumer group has taken them in (next offsets). */
public interface InputPositions {

    /** The next offset to be written on every partition of the fact topics, now. */
    Map<TopicPartition, Long> ends();

    /** The next offset the consumer group will take in, per partition it has committed on. */
    Map<TopicPartition, Long> committed();
}
