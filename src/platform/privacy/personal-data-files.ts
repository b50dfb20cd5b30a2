import fs from 'node:fs';
import { once } from 'node:events';
import readline from 'node:readline';

/** Whether a text file mentions the pattern; read line by line, so large files never sit in memory. */
export async function fileMentions(filePath: string, pattern: string): Promise<boolean> {
  if (!fs.existsSync(filePath)) return false;
  const regex = new RegExp(pattern, 'i');
  const lines = readline.createInterface({ input: fs.createReadStream(filePath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (regex.test(line)) {
      lines.close();
      return true;
    }
  }
  return false;
}

/**
 * Rewrites a text file with the pattern's matches replaced by the erasure marker, through a
 * temporary file renamed over the original, so a crash leaves the old or the new file whole.
 * Returns whether anything changed.
 */
export async function scrubFile(filePath: string, pattern: string): Promise<boolean> {
  if (!(await fileMentions(filePath, pattern))) return false;
  const regex = new RegExp(pattern, 'gi');
  const temp = `${filePath}.erasing`;
  const out = fs.createWriteStream(temp, 'utf8');
  const input = fs.createReadStream(filePath, 'utf8');
  let pending = '';
  for await (const chunk of input) {
    pending += chunk as string;
    const cut = pending.lastIndexOf('\n') + 1;
    if (cut > 0) {
      if (!out.write(pending.slice(0, cut).replace(regex, '[erased]'))) await once(out, 'drain');
      pending = pending.slice(cut);
    }
  }
  out.end(pending.replace(regex, '[erased]'));
  await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
  await fs.promises.rename(temp, filePath);
  return true;
}
