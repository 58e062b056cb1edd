package io.feedpipe.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.kafka.embedded.KafkaBrokerExtension;
import io.feedpipe.publish.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FeedSourceConnectorTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  private Map<String, String> props(String prefix) {
    Map<String, String> props = FeedConnectorConfigTest.valid();
    props.put("kafka.bootstrapServers", kafka.bootstrapServers());
    props.put("topics.prefix", prefix);
    props.put("topics.partitions", "1");
    return props;
  }

  @Test
  void startCreatesFeedpipesTopicsWithTheStateCompacted() throws Exception {
    new FeedSourceConnector().start(props("cs"));

    Topics topics = new Topics("cs");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Set<String> names = admin.listTopics().names().get();
      assertThat(names).contains(topics.stories(), topics.feedState(), topics.feedStatus(), topics.deadLetters());
      ConfigResource state = new ConfigResource(ConfigResource.Type.TOPIC, topics.feedState());
      assertThat(admin.describeConfigs(List.of(state)).all().get().get(state).get("cleanup.policy").value())
          .isEqualTo("compact");
    }
  }

  @Test
  void eachTaskGetsItsShareAndTheConnectorsConfig() {
    FeedSourceConnector connector = new FeedSourceConnector();
    connector.start(props("ct"));

    List<Map<String, String>> tasks = connector.taskConfigs(3);

    assertThat(tasks).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(FeedConnectorConfig.from(tasks.get(i)).task()).isEqualTo(new FeedSplit(i, 3));
      assertThat(tasks.get(i)).containsEntry("topics.prefix", "ct");
    }
  }
}
