/** The rule every dated pin follows, and the dated data files it reads. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { daysBetween, inDays, isoDay, judgeDate, KUBERNETES_VERSIONS, WARNING_DAYS } from '../../catalog';
import { aksCalendarDay } from '../../scripts/azure-data';

const DATA = join(__dirname, '..', '..', 'catalog', 'data');
const json = (file: string) => JSON.parse(readFileSync(join(DATA, file), 'utf8'));
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

describe('judgeDate: refused from the date on, warned in the 60 days before', () => {
  test.each([
    ['2027-06-30', '2027-06-30', { state: 'ended', on: '2027-06-30' }],
    ['2027-06-30', '2027-07-01', { state: 'ended', on: '2027-06-30' }],
    ['2027-06-30', '2027-06-29', { state: 'ending', on: '2027-06-30', daysLeft: 1 }],
    ['2027-06-30', '2027-05-01', { state: 'ending', on: '2027-06-30', daysLeft: 60 }],
    ['2027-06-30', '2027-04-30', { state: 'ok' }],
  ])('a pin dated %s, judged on %s', (on, today, verdict) => {
    expect(judgeDate(on, today)).toEqual(verdict);
  });

  test('no published date: nothing to judge', () => {
    expect(judgeDate(undefined, '2026-12-07')).toEqual({ state: 'ok' });
  });

  test('60 days, counted in whole UTC days across a month end and a leap day', () => {
    expect(WARNING_DAYS).toBe(60);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-07', '2026-11-30')).toBe(-7);
    expect(isoDay(new Date('2026-12-07T23:59:59Z'))).toBe('2026-12-07');
    expect([inDays(1), inDays(29)]).toEqual(['in 1 day', 'in 29 days']);
  });
});

describe('the dated data files name their source and the day they were read', () => {
  test.each(['aks-kubernetes-versions.json', 'azure-openai-retirements.json'])('%s', (file) => {
    const data = json(file);
    expect(data.source).toMatch(/\S{20,}/);
    expect(data.retrieved).toMatch(ISO_DAY);
    expect(data.refresh).toContain('npm run refresh:azure-data');
  });

  test('every AKS version: its day is what the calendar text says, by the page rule (a month is its last day)', () => {
    const { versions } = json('aks-kubernetes-versions.json');
    expect(versions.length).toBeGreaterThanOrEqual(3);
    for (const v of versions) {
      expect(v.communitySupportEndsOn).toBe(aksCalendarDay(v.endOfLife));
      if (v.ltsEndOfLife !== undefined) expect(v.ltsEndsOn).toBe(aksCalendarDay(v.ltsEndOfLife));
    }
    expect(KUBERNETES_VERSIONS.map((v) => v.version)).toEqual(versions.map((v: { version: string }) => v.version));
  });

  test('every Azure OpenAI model version kaito-aks knows has a retirement entry: a date, or a note saying why none', () => {
    const { retirements } = json('azure-openai-retirements.json');
    const known = json('azure-openai-models.json').models.flatMap((m: { name: string; versions: { version: string }[] }) =>
      m.versions.map((v) => `${m.name} ${v.version}`),
    );
    expect(retirements.map((r: { model: string; version: string }) => `${r.model} ${r.version}`)).toEqual(known);
    for (const r of retirements) expect(r.retiresOn === undefined ? r.note : r.retiresOn).toMatch(r.retiresOn ? ISO_DAY : /\w/);
  });
});
