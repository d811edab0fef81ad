import type { DataVariable, Diagnostic, Span } from "@vaec/compiler";

/*
 * Every data diagnostic (VAE500-VAE529), one constructor per code, so each message is worded
 * once (docs/diagnostics/VAE5xx.md holds the long explanations). A data problem is reported at
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

function error(
  site: DataSite,
  code: string,
  message: string,
  extra: { help?: string; notes?: string[] },
): Diagnostic {
  return {
    code,
    severity: "error",
    message,
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
  return error(site, "VAE500", `data ${what} \`${path}\` does not exist`, {
    notes: ["relative paths are resolved from the folder of the spec"],
    help: `check the path, or give it relative to the spec's folder`,
  });
}

/** VAE501: the file is not an .npy array (bad magic, unreadable header, unknown version). */
export function notNpy(site: DataSite, path: string, reason: string): Diagnostic {
  return error(site, "VAE501", `\`${path}\` is not a readable .npy array: ${reason}`, {
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
  return error(
    site,
    "VAE502",
    `\`${path}\` is ${what}: expected ${expectedBytes} bytes, found ${foundBytes}`,
    {
      help: "the file was probably cut short while copying or saving; write it again",
    },
  );
}

/** VAE503: an element type vaec cannot read. */
export function unsupportedDtype(site: DataSite, path: string, dtype: string): Diagnostic {
  return error(site, "VAE503", `\`${path}\` holds \`${dtype}\` values, which vaec cannot read`, {
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
  return error(
    site,
    "VAE504",
    `\`${path}\` is stored in Fortran order; vaec reads C-order arrays only`,
    {
      help: "save a C-order copy: `numpy.save(path, numpy.ascontiguousarray(x))`",
    },
  );
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
    "VAE505",
    `${what} has examples of shape ${formatShape(found)}, but the spec declares ${formatShape(expected)}`,
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
    "VAE506",
    `${what} has values in [${formatValue(min)}, ${formatValue(max)}], outside the declared range [${range[0]}, ${range[1]}]`,
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
  return error(
    site,
    "VAE507",
    `${what} is declared \`binary\` but has ${count} values that are neither 0 nor 1 (e.g. ${formatValue(example)})`,
    {
      help: "threshold it first (e.g. `x > 0.5`), or declare it `real[...] in [0, 1]`: a Bernoulli likelihood accepts values in [0, 1]",
    },
  );
}

/** VAE508: NaN or infinite values. */
export function nonFinite(site: DataSite, what: string, count: number): Diagnostic {
  return error(site, "VAE508", `${what} has ${count} NaN or infinite values`, {
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
  return error(site, "VAE509", `\`${path}\` has no array \`${key}\``, {
    notes: [`it holds ${list}`],
    help:
      keys.length > 0
        ? `use one of its keys, e.g. \`npz("${path}", "${keys[0]}")\``
        : "write the array with `numpy.savez(path, key=x)`",
  });
}

/** VAE510: the .npz file is not a readable zip archive. */
export function notNpz(site: DataSite, path: string, reason: string): Diagnostic {
  return error(site, "VAE510", `\`${path}\` is not a readable .npz archive: ${reason}`, {
    help: "write it with `numpy.savez` or `numpy.savez_compressed`",
  });
}

/** VAE511: an images folder with no PNG or JPEG in it. */
export function emptyFolder(site: DataSite, dir: string): Diagnostic {
  return error(site, "VAE511", `folder \`${dir}\` has no PNG or JPEG images`, {
    notes: [
      "vaec reads the files ending in .png, .jpg or .jpeg directly inside the folder (not in subfolders)",
    ],
    help: "point `images(...)` at the folder that holds the image files",
  });
}

/** VAE512: an image file that cannot be decoded. */
export function unreadableImage(site: DataSite, path: string, reason: string): Diagnostic {
  return error(site, "VAE512", `image \`${path}\` cannot be read: ${reason}`, {
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
  return error(
    site,
    "VAE513",
    `cannot hold out ${heldOut} of the ${size} examples of \`${name}\``,
    {
      notes: [
        "the held-out count must be a whole number, at least 0, and leave at least one training example",
      ],
      help: `hold out fewer examples than ${size} in the \`train\` settings`,
    },
  );
}

/** VAE514: an array with no examples. */
export function emptyArray(site: DataSite, path: string, shape: readonly number[]): Diagnostic {
  return error(site, "VAE514", `\`${path}\` has no examples (its shape is ${formatShape(shape)})`, {
    notes: ["the first axis of the array counts the examples"],
    help: "save the data set itself, with the examples along the first axis",
  });
}

/** VAE515: a data file that exists but cannot be read (permissions, a folder, too large). */
export function unreadableFile(site: DataSite, path: string, reason: string): Diagnostic {
  return error(site, "VAE515", `data file \`${path}\` cannot be read: ${reason}`, {
    notes: ["vaec reads a data file whole into memory, up to 4 GiB"],
    help: "check the file's permissions; store a larger array in a smaller type (e.g. `|u1` pixels)",
  });
}

/** VAE516: the held-out split is too small to form one attack pair (a source and a target). */
export function tooFewToAttack(site: DataSite, heldOut: number, size: number): Diagnostic {
  return error(
    site,
    "VAE516",
    `the attacks need at least 2 held-out examples, but ${heldOut} of the ${size} examples ${heldOut === 1 ? "is" : "are"} held out`,
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
    "VAE518",
    `image \`${path}\` is ${width} x ${height} pixels (${megapixels(width * height)}), more than the ${megapixels(limit)} vaec decodes`,
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
  return error(site, "VAE517", `data ${expected} \`${path}\` is ${what}, not a ${expected}`, {
    notes: ["relative paths are resolved from the folder of the spec"],
    help,
  });
}
