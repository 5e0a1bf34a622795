/**
 * The two icons a Teams app package needs (https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/build-and-test/apps-package):
 * a full-colour 192x192 PNG and a 32x32 outline PNG, white on a transparent background. Drawn here (a trunk: two
 * nodes joined by a line) so the package needs no binary assets.
 */
import { PNG } from 'pngjs';

export const ACCENT_COLOR = '#1F6FB2';

type Rgba = [number, number, number, number];

function hex(color: string): Rgba {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

/** Pixels of the mark at size `s`: two discs joined by a bar, centred. */
function inMark(x: number, y: number, s: number): boolean {
  const r = s * 0.16;
  const cy = s / 2;
  const left = s * 0.27;
  const right = s * 0.73;
  const disc = (cx: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  const bar = x >= left && x <= right && Math.abs(y - cy) <= Math.max(1, s * 0.05);
  return disc(left) || disc(right) || bar;
}

function draw(size: number, background: Rgba, mark: Rgba): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = inMark(x + 0.5, y + 0.5, size) ? mark : background;
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

export function colorIcon(): Buffer {
  return draw(192, hex(ACCENT_COLOR), [255, 255, 255, 255]);
}

export function outlineIcon(): Buffer {
  return draw(32, [0, 0, 0, 0], [255, 255, 255, 255]);
}
