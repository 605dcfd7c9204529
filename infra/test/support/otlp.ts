/**
 * Reads an OTLP/HTTP metrics export (protobuf `ExportMetricsServiceRequest`) far enough to see
 * what the collector will turn into CloudWatch metrics: each metric's name, unit, kind, and for
 * histograms the temporality and each data point's attributes, count and maximum. Field numbers
 * are those of opentelemetry/proto/metrics/v1/metrics.proto; a small wire-format reader keeps
 * the checks free of generated code.
 */

interface Field {
  no: number;
  /** Varints and fixed64 as bigint, length-delimited as bytes. */
  value: bigint | Buffer;
}

function readVarint(buf: Buffer, at: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[at++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, at];
    shift += 7n;
  }
}

function fieldsOf(buf: Buffer): Field[] {
  const found: Field[] = [];
  let at = 0;
  while (at < buf.length) {
    const [key, next] = readVarint(buf, at);
    at = next;
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [value, after] = readVarint(buf, at);
      found.push({ no, value });
      at = after;
    } else if (wire === 1) {
      found.push({ no, value: buf.subarray(at, at + 8) });
      at += 8;
    } else if (wire === 2) {
      const [length, after] = readVarint(buf, at);
      found.push({ no, value: buf.subarray(after, after + Number(length)) });
      at = after + Number(length);
    } else if (wire === 5) {
      found.push({ no, value: buf.subarray(at, at + 4) });
      at += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return found;
}

const all = (buf: Buffer, no: number) => fieldsOf(buf).filter((f) => f.no === no);
const bytes = (f: Field | undefined) => (f && Buffer.isBuffer(f.value) ? f.value : Buffer.alloc(0));
const text = (f: Field | undefined) => bytes(f).toString('utf8');

/** Metric kinds by their field number in `Metric`. */
const kinds: Record<number, string> = { 5: 'gauge', 7: 'sum', 9: 'histogram', 10: 'exponentialHistogram', 11: 'summary' };

export interface OtlpMetric {
  name: string;
  unit: string;
  kind: string;
  /** Histograms: 1 = delta, 2 = cumulative. */
  temporality?: number;
  points: { attributes: Record<string, string>; count?: bigint; max?: number }[];
}

export function otlpMetrics(body: Buffer): OtlpMetric[] {
  const metrics: OtlpMetric[] = [];
  for (const resource of all(body, 1))
    for (const scope of all(bytes(resource), 2))
      for (const metric of all(bytes(scope), 2)) {
        const fields = fieldsOf(bytes(metric));
        const data = fields.find((f) => f.no in kinds);
        const found: OtlpMetric = {
          name: text(fields.find((f) => f.no === 1)),
          unit: text(fields.find((f) => f.no === 3)),
          kind: data ? kinds[data.no]! : 'unknown',
          points: [],
        };
        if (data?.no === 9) {
          const histogram = fieldsOf(bytes(data));
          const temporality = histogram.find((f) => f.no === 2)?.value;
          found.temporality = typeof temporality === 'bigint' ? Number(temporality) : undefined;
          for (const point of histogram.filter((f) => f.no === 1)) {
            const p = fieldsOf(bytes(point));
            const attributes = Object.fromEntries(
              p.filter((f) => f.no === 9).map((kv) => [text(all(bytes(kv), 1)[0]), text(all(bytes(all(bytes(kv), 2)[0]), 1)[0])]),
            );
            const count = p.find((f) => f.no === 4)?.value;
            const max = p.find((f) => f.no === 12)?.value;
            found.points.push({
              attributes,
              count: Buffer.isBuffer(count) ? count.readBigUInt64LE() : undefined,
              max: Buffer.isBuffer(max) ? max.readDoubleLE() : undefined,
            });
          }
        }
        metrics.push(found);
      }
  return metrics;
}
