import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isTopicName } from '../kafka/admin';
import { Projection } from './projection';

const SETTING_NAME = /^[A-Z][A-Z0-9_]*_TOPIC$/;
const PROJECTION_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * What the service checks about its registry before it starts: each name is a valid alias, no alias falls
 * inside another's physical index pattern (`<alias>-*`, which retention and cleanup list), each has its
 * mapping file, and a topic setting means one default everywhere.
 */
export function registryProblems(projections: readonly Projection[], mappingsDir: string): string[] {
  const problems: string[] = [];
  const defaults = new Map<string, string>();
  for (const p of projections) {
    if (!PROJECTION_NAME.test(p.name)) problems.push(`projection name '${p.name}' must be lower-case letters, digits, - and _`);
    for (const other of projections) {
      if (other !== p && other.name === p.name) problems.push(`two projections are named '${p.name}'`);
      else if (other !== p && other.name.startsWith(`${p.name}-`)) {
        problems.push(`projection '${other.name}' would share the index pattern '${p.name}-*' of projection '${p.name}'`);
      }
    }
    if (!existsSync(join(mappingsDir, p.mappingFile))) problems.push(`projection '${p.name}' has no mapping file ${join(mappingsDir, p.mappingFile)}`);
    if (!SETTING_NAME.test(p.topic.setting)) problems.push(`projection '${p.name}': topic setting '${p.topic.setting}' must be upper-case and end in _TOPIC`);
    if (!isTopicName(p.topic.defaultName)) problems.push(`projection '${p.name}': '${p.topic.defaultName}' is not a Kafka topic name`);
    const known = defaults.get(p.topic.setting);
    if (known !== undefined && known !== p.topic.defaultName) {
      problems.push(`topic setting ${p.topic.setting} has two defaults: '${known}' and '${p.topic.defaultName}'`);
    }
    defaults.set(p.topic.setting, p.topic.defaultName);
  }
  return [...new Set(problems)];
}
