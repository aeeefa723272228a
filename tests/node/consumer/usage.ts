// Must type-check: the README's usage, in a project that installed the tarball.
import { analyze, CustvalError, version, warmUp, type AnalyzeOptions, type Report } from 'custval';
import { createWorkerClient } from 'custval/worker';
import 'custval/element';
import { drawPareto, renderCharts } from 'custval/charts';

const options: AnalyzeOptions = {
  asOf: '2024-03-01',
  columns: { customer: 'client', amount: 3 },
  scoreLevels: 4,
};
export async function summarise(file: File): Promise<string> {
  try {
    await warmUp();
    const report: Report = await analyze(file, options);
    const client = createWorkerClient();
    const again = await client.analyze(file, options, {
      onProgress: ({ bytes, total }) => console.log(bytes / total),
    });
    const element = document.querySelector('custval-report');
    if (element) element.report = await element.analyze(file, { asOf: '2024-03-01' });
    const charts: number = await renderCharts(document.body, report, { lang: 'zh-CN', theme: 'dark' });
    drawPareto(document.body, report, { lang: 'en' })?.resize();
    return `${version}: ${report.customers.length} customers, ${again.rfm?.segments.length ?? 0} segments, ${charts} charts`;
  } catch (error) {
    if (error instanceof CustvalError && error.code === 'missingColumn') return error.message;
    throw error;
  }
}
