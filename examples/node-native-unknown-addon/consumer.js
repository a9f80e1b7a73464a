const Kafka = require('node-rdkafka');

const consumer = new Kafka.KafkaConsumer(
  { 'group.id': 'example', 'metadata.broker.list': process.env.KAFKA_BROKERS || 'kafka:9092' },
  {},
);
consumer.connect();
consumer.on('ready', () => {
  consumer.subscribe(['events']);
  consumer.consume();
});
consumer.on('data', (m) => console.log(m.value.toString()));
