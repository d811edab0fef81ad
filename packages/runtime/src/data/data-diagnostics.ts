import type { DataVariable, Diagnostic, DiagnosticDraft, Span } from "@vaec/compiler";
import { diag } from "../diagnostics/diag.js";

/*
 * Every data diagnostic (VAE500-VAE529), one constructor per code; the messages and the long
 * explanations are written once, in the catalogue (src/diagnostics/data-codes.ts). A data problem is reported at
 * the spec's `data` declaration, the thing the data failed to fit, and its message names the
 * file and what was expected.
 */

/** Where data problems are reported: the spec file and its `data` declaration. */
export interface DataSite {
  /** Path of the spec ("" when the data was loaded without one: then no source is quoted). */
  file: string;
  span: Span;
  /** The declaration as written back, e.g. "x : binary[64, 64]". */
  declaration: string;
}

const NOWHERE: Span = {
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};

export function dataSite(data: DataVariable, specFile: string | undefined): DataSite {
  const range = data.kind === "real" ? ` in [${data.range[0]}, ${data.range[1]}]` : "";
  return {
    file: specFile ?? "",
    span: specFile === undefined ? NOWHERE : data.span,
    declaration: `${data.name} : ${data.kind}${formatShape(data.shape)}${range}`,
  };
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** Up to 6 significant digits, no exponent for everyday magnitudes. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

/** A data diagnostic from one of the catalogue's constructors (diag.ts), at the data's site. */
function error(
  site: DataSite,
  draft: DiagnosticDraft,
  extra: { help?: string; notes?: string[] },
): Diagnostic {
  return {
    code: draft.code,
    severity: draft.severity,
    message: draft.message,
    span: site.span,
    primaryLabel: site.file ? `the data must fit \`${site.declaration}\`` : undefined,
    labels: [],
    notes: extra.notes ?? [],
    help: extra.help,
    file: site.file,
  };
}

/** VAE500: a data file or folder named in the spec does not exist. */
export function fileMissing(site: DataSite, path: string, what: "file" | "folder"): Diagnostic {
  return error(site, diag.fileMissing(site.span, { what, path }), {
    notes: ["relative paths are resolved from the folder of the spec"],
    help: `check the path, or give it relative to the spec's folder`,
  });
}

/** VAE501: the file is not an .npy array (bad magic, unreadable header, unknown version). */
export function notNpy(site: DataSite, path: string, reason: string): Diagnostic {
  return error(site, diag.notNpy(site.span, { path, reason }), {
    help: "write the array with `numpy.save` (or `numpy.savez` for .npz)",
  });
}

/** VAE502: the file is shorter (or longer) than its header says. */
export function truncated(
  site: DataSite,
  path: string,
  expectedBytes: number,
  foundBytes: number,
): Diagnostic {
  const what = foundBytes < expectedBytes ? "truncated" : "longer than its header says";
  return error(site, diag.truncated(site.span, { path, what, expectedBytes, foundBytes }), {
    help: "the file was probably cut short while copying or saving; write it again",
  });
}

/** VAE503: an element type vaec cannot read. */
export function unsupportedDtype(site: DataSite, path: string, dtype: string): Diagnostic {
  return error(site, diag.unsupportedDtype(site.span, { path, dtype }), {
    notes: [
      `vaec reads little-endian numbers: ${SUPPORTED_DTYPES.map((d) => `\`${d}\``).join(", ")}`,
    ],
    help: "convert it in NumPy first, e.g. `numpy.save(path, x.astype('<f4'))`",
  });
}

export const SUPPORTED_DTYPES = [
  "<f2",
  "<f4",
  "<f8",
  "|u1",
  "|i1",
  "|b1",
  "<u2",
  "<i2",
  "<u4",
  "<i4",
  "<u8",
  "<i8",
];

/** VAE504: the array is stored in Fortran (column-major) order. */
export function fortranOrder(site: DataSite, path: string): Diagnostic {
  return error(site, diag.fortranOrder(site.span, { path }), {
    help: "save a C-order copy: `numpy.save(path, numpy.ascontiguousarray(x))`",
  });
}

/** VAE505: the examples do not have the shape the spec declares. */
export function wrongShape(
  site: DataSite,
  what: string,
  found: readonly number[],
  expected: readonly number[],
  help?: string,
): Diagnostic {
  return error(
    site,
    diag.wrongShape(site.span, {
      what,
      found: formatShape(found),
      expected: formatShape(expected),
    }),
    {
      notes: [
        "shapes match when they are equal after dropping sizes of 1, or when the spec is the flattened vector",
      ],
      help:
        help ??
        `declare \`${site.declaration.split(" :")[0]}\` with shape ${formatShape(found)}, or reshape the data`,
    },
  );
}

/** VAE506: values outside the spec's data range. */
export function outOfRange(
  site: DataSite,
  what: string,
  min: number,
  max: number,
  range: readonly [number, number],
): Diagnostic {
  const hint =
    max > range[1] && max <= 255 && min >= 0
      ? "if these are 8-bit pixels, divide by 255 before saving, or declare the range: `real[...] in [0, 255]`"
      : `rescale the data into [${range[0]}, ${range[1]}], or declare the range it has: \`real[...] in [${formatValue(min)}, ${formatValue(max)}]\``;
  return error(
    site,
    diag.outOfRange(site.span, {
      what,
      min: formatValue(min),
      max: formatValue(max),
      lo: range[0],
      hi: range[1],
    }),
    { help: hint },
  );
}

/** VAE507: `binary` data with values other than 0 and 1. */
export function notBinary(
  site: DataSite,
  what: string,
  example: number,
  count: number,
): Diagnostic {
  return error(site, diag.notBinary(site.span, { what, count, example: formatValue(example) }), {
    help: "threshold it first (e.g. `x > 0.5`), or declare it `real[...] in [0, 1]`: a Bernoulli likelihood accepts values in [0, 1]",
  });
}

/** VAE508: NaN or infinite values. */
export function nonFinite(site: DataSite, what: string, count: number): Diagnostic {
  return error(site, diag.nonFinite(site.span, { what, count }), {
    help: "remove or impute them before saving; vaec trains on finite numbers only",
  });
}

/** VAE509: the .npz archive has no array under the key the spec asks for. */
export function npzKeyMissing(
  site: DataSite,
  path: string,
  key: string,
  keys: readonly string[],
): Diagnostic {
  const list = keys.length > 0 ? keys.map((k) => `\`${k}\``).join(", ") : "no arrays";
  return error(site, diag.npzKeyMissing(site.span, { path, key }), {
    notes: [`it holds ${list}`],
    help:
      keys.length > 0
        ? `use one of its keys, e.g. \`npz("${path}", "${keys[0]}")\``
        : "write the array with `numpy.savez(path, key=x)`",
  });
}

/** VAE510: the .npz file is not a readable zip archive. */
export function notNpz(site: DataSite, path: string, reason: string): Diagnostic {
  return error(site, diag.notNpz(site.span, { path, reason }), {
    help: "write it with `numpy.savez` or `numpy.savez_compressed`",
  });
}

/** VAE511: an images folder with no PNG or JPEG in it. */
export function emptyFolder(site: DataSite, dir: string): Diagnostic {
  return error(site, diag.emptyFolder(site.span, { dir }), {
    notes: [
      "vaec reads the files ending in .png, .jpg or .jpeg directly inside the folder (not in subfolders)",
    ],
    help: "point `images(...)` at the folder that holds the image files",
  });
}

/** VAE512: an image file that cannot be decoded. */
export function unreadableImage(site: DataSite, path: string, reason: string): Diagnostic {
  return error(site, diag.unreadableImage(site.span, { path, reason }), {
    help: "re-save it as PNG or baseline JPEG, or remove it from the folder",
  });
}

/** VAE513: the held-out count does not leave a training set. */
export function badHeldOut(
  site: DataSite,
  heldOut: number,
  size: number,
  name: string,
): Diagnostic {
  return error(site, diag.badHeldOut(site.span, { heldOut, size, name }), {
    notes: [
      "the held-out count must be a whole number, at least 0, and leave at least one training example",
    ],
    help: `hold out fewer examples than ${size} in the \`train\` settings`,
  });
}

/** VAE514: an array with no examples. */
export function emptyArray(site: DataSite, path: string, shape: readonly number[]): Diagnostic {
  return error(site, diag.emptyArray(site.span, { path, shape: formatShape(shape) }), {
    notes: ["the first axis of the array counts the examples"],
    help: "save the data set itself, with the examples along the first axis",
  });
}

/** VAE515: a data file that exists but cannot be read (permissions, a folder, too large). */
export function unreadableFile(site: DataSite, path: string, reason: string): Diagnostic {
  return error(site, diag.unreadableFile(site.span, { path, reason }), {
    notes: ["vaec reads a data file whole into memory, up to 4 GiB"],
    help: "check the file's permissions; store a larger array in a smaller type (e.g. `|u1` pixels)",
  });
}

/** VAE516: the held-out split is too small to form one attack pair (a source and a target). */
export function tooFewToAttack(site: DataSite, heldOut: number, size: number): Diagnostic {
  return error(
    site,
    diag.tooFewToAttack(site.span, { heldOut, size, verb: heldOut === 1 ? "is" : "are" }),
    {
      notes: ["each attack pair is a held-out source and a different held-out target"],
      help: "set `held_out = 2` or more in the `train` block (and retrain), or use a larger data set",
    },
  );
}

/** VAE518: an image whose header promises more pixels than vaec decodes. */
export function imageTooLarge(
  site: DataSite,
  path: string,
  width: number,
  height: number,
  limit: number,
): Diagnostic {
  const megapixels = (n: number) => `${Number((n / 1e6).toFixed(1))} megapixels`;
  return error(
    site,
    diag.imageTooLarge(site.span, {
      path,
      width,
      height,
      size: megapixels(width * height),
      limit: megapixels(limit),
    }),
    {
      notes: ["the size is read from the file's header, before anything is decoded"],
      help: "shrink the image first (e.g. `magick big.png -resize 1024x1024 small.png`), or remove it from the folder",
    },
  );
}

/** VAE517: a data path that exists but is not the kind of thing named (a FIFO, a device, a folder). */
export function wrongPathKind(
  site: DataSite,
  path: string,
  expected: "file" | "folder",
  what: string,
): Diagnostic {
  const help =
    expected === "folder"
      ? "give `images(...)` the folder that holds the images"
      : what === "a folder"
        ? 'name the .npy or .npz file inside the folder (a folder of images is `images("dir", size)`)'
        : what.startsWith("a symbolic link")
          ? "fix or replace the link (`ls -l` shows where it points)"
          : "vaec reads data from regular files: save the data to a file and name that";
  return error(site, diag.wrongPathKind(site.span, { expected, path, what }), {
    notes: ["relative paths are resolved from the folder of the spec"],
    help,
  });
}
