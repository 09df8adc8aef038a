import type { RecordMetadata } from 'kafkajs';
import { formatConsistencyToken, parseConsistencyToken } from '../../src/consistency/consistency-token';
import { consistencyToken } from '../../src/consistency/producer-token';

describe('consistency token', () => {
  it('parses entries, topic names with dots and dashes included', () => {
    expect(parseConsistencyToken('product-events:3:1520,t.x_y-z:0:88')).toEqual([
      { topic: 'product-events', partition: 3, offset: 1520 },
      { topic: 't.x_y-z', partition: 0, offset: 88 },
    ]);
  });

  it('keeps the highest offset when one partition is named twice', () => {
    expect(parseConsistencyToken('a:1:5,a:1:9,a:1:7')).toEqual([{ topic: 'a', partition: 1, offset: 9 }]);
  });

  it.each([
    ['', 'not topic:partition:offset'],
    ['product-events', 'not topic:partition:offset'],
    ['product-events:3', 'not topic:partition:offset'],
    ['product-events:-1:5', 'not topic:partition:offset'],
    ['product-events:1:x', 'not topic:partition:offset'],
    ['product-events:1:5,', 'not topic:partition:offset'],
    ['bad topic:1:5', 'not a Kafka topic name'],
    ['a:b:1:5', 'not a Kafka topic name'],
    ['a:1:99999999999999999', 'out of range'],
  ])('refuses %j', (token, reason) => {
    expect(() => parseConsistencyToken(token)).toThrow(reason);
  });

  it('refuses a token of more than 256 entries', () => {
    const many = Array.from({ length: 257 }, (_, i) => `t:${i}:1`).join(',');
    expect(() => parseConsistencyToken(many)).toThrow('at most 256');
  });

  it('formats what it parses', () => {
    const token = 'a:0:1,b.c:5:123456789';
    expect(formatConsistencyToken(parseConsistencyToken(token))).toBe(token);
  });
});

describe('consistencyToken (for producers)', () => {
  const ack = (topicName: string, partition: number, baseOffset: string, errorCode = 0): RecordMetadata => ({ topicName, partition, errorCode, baseOffset });

  it('names the offset of a single sent message', () => {
    expect(consistencyToken([ack('product-events', 2, '41')])).toBe('product-events:2:41');
  });

  it('names the last of several messages sent to one partition', () => {
    expect(consistencyToken([ack('product-events', 2, '41')], [{}, {}, {}])).toBe('product-events:2:43');
  });

  it('counts messages per partition when each names its partition', () => {
    const messages = [{ partition: 0 }, { partition: 1 }, { partition: 1 }];
    expect(consistencyToken([ack('t', 0, '10'), ack('t', 1, '20')], messages)).toBe('t:0:10,t:1:21');
  });

  it('refuses what it cannot know', () => {
    expect(() => consistencyToken([ack('t', 0, '10'), ack('t', 1, '20')], [{}, {}])).toThrow('give each its partition');
    expect(() => consistencyToken([ack('t', 0, '10', 3)])).toThrow('refused');
    expect(() => consistencyToken([{ topicName: 't', partition: 0, errorCode: 0 }])).toThrow('no offset');
  });
});
