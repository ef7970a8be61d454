import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/** Which of the two families draws a piece of text: Noto Sans (Latin incl. Vietnamese, Greek, Cyrillic) or Noto Sans SC (CJK). */
export type FontRole = 'primary' | 'cjk';
export type Weight = 'regular' | 'bold';
export type FontSet = Record<Weight, Record<FontRole, fontkit.Font>>;

const require = createRequire(import.meta.url);
const FONT_FILES: Record<Weight, Record<FontRole, string>> = {
  regular: {
    primary: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    cjk: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  },
  bold: {
    primary: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
    cjk: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  },
};

let fonts: FontSet | undefined;

/**
 * The PDFs' fonts (certificates, the compliance report), parsed once per process or thread and
 * kept: pdfkit given a font file parses it again for every document (fontkit.create), which costs
 * more than the rest of a page; given the parsed font object it only subsets the glyphs the
 * document uses (docs/certificates.md#fonts). pdfkit's standard fonts cover Latin-1 only.
 */
export function notoFonts(): FontSet {
  fonts ??= {
    regular: { primary: loadFont(FONT_FILES.regular.primary), cjk: loadFont(FONT_FILES.regular.cjk) },
    bold: { primary: loadFont(FONT_FILES.bold.primary), cjk: loadFont(FONT_FILES.bold.cjk) },
  };
  return fonts;
}

function loadFont(specifier: string): fontkit.Font {
  return fontkit.create(readFileSync(require.resolve(specifier)));
}

/** The font files' paths, for measurements that want to register them the slow way. */
export function notoFontFiles(): Record<Weight, Record<FontRole, string>> {
  const resolve = (r: Record<FontRole, string>) => ({ primary: require.resolve(r.primary), cjk: require.resolve(r.cjk) });
  return { regular: resolve(FONT_FILES.regular), bold: resolve(FONT_FILES.bold) };
}
