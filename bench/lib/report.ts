import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Figure {
  section: string;
  figure: string;
  value: string | number;
}

/** Collects figures as the bench goes, prints each at once, and writes them as JSON and Markdown. */
export class Report {
  readonly figures: Figure[] = [];
  private section = '';

  constructor(readonly context: Record<string, unknown>) {}

  begin(section: string): void {
    this.section = section;
    console.log(`\n== ${section}`);
  }

  add(figure: string, value: string | number): void {
    this.figures.push({ section: this.section, figure, value });
    console.log(`  ${figure.padEnd(64)} ${value}`);
  }

  write(dir: string): string {
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
    const machine = { cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
    const versions = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')).packages as Record<string, { version?: string }>;
    const libraries = Object.fromEntries(['kafkajs', '@opensearch-project/opensearch', '@elastic/elasticsearch', 'ajv'].map((n) => [n, versions[`node_modules/${n}`]?.version]));
    const json = { date: new Date().toISOString(), machine, libraries, ...this.context, figures: this.figures };
    writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(json, null, 2)}\n`);
    const md = [
      `# Benchmark ${json.date}`,
      '',
      `Machine: ${machine.cpus}, ${machine.memoryGiB} GiB, Node ${machine.node}. Libraries: ${Object.entries(libraries).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
      '',
      ...Object.entries(this.context).map(([k, v]) => `- ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`),
      '',
      '| section | figure | value |',
      '|---|---|---|',
      ...this.figures.map((f) => `| ${f.section} | ${f.figure} | ${f.value} |`),
      '',
    ].join('\n');
    writeFileSync(join(dir, `${stamp}.md`), md);
    return join(dir, stamp);
  }
}

/** The p-th percentile of ascending values (NaN for none). */
export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
