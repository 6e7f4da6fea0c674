/**
 * A progress line on stderr: redrawn in place on a terminal, or printed every 10% otherwise (CI logs),
 * so long runs show they are moving without flooding a log.
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let lastDecile = -1;
  let lastDraw = 0;
  return {
    update(done: number, total: number): void {
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (tty) {
        const now = Date.now();
        if (done !== total && now - lastDraw < 100) return;
        lastDraw = now;
        stream.write(`\r${label} ${done}/${total} (${pct}%)`);
        if (done === total) stream.write('\n');
        return;
      }
      const decile = Math.floor(pct / 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${label} ${done}/${total} (${pct}%)\n`);
      }
    },
  };
}
