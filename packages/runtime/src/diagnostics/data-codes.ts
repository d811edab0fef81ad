import { defineCatalogue } from "@vaec/compiler";

/** The catalogue of data: files, arrays, images, ranges and held-out splits (VAE500-VAE529); the format is @vaec/dsl's `CatalogueEntry`. */
export const DATA_CODES = defineCatalogue({
  VAE500: {
    title: "a data file or folder does not exist",
    severity: "error",
    messages: {
      fileMissing: "data {what} `{path}` does not exist",
    },
    explanation: `The \`train\` settings name a data file (\`npy("...")\`, \`npz("...", "key")\`) or an images
folder (\`images("...", size)\`) that is not there. Relative paths are resolved from the folder
that holds the spec, not from the folder \`vaec\` was started in, so a spec and its data can be
moved together.`,
    example: {
      shown: `\`\`\`
# faces.vae
model Faces {
  data x : real[3, 64, 64]
  ...
}
train { data = npy("data/faces.npy") }
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE500]: data file \`data/faces.npy\` does not exist
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
   = note: relative paths are resolved from the folder of the spec
help: check the path, or give it relative to the spec's folder
\`\`\``,
    },
    fix: `Give the path relative to the spec's folder (here \`faces.vae\` sits next to \`data/\`), or an
absolute path.`,
  },
  VAE501: {
    title: "not a readable .npy file",
    severity: "error",
    messages: {
      notNpy: "`{path}` is not a readable .npy array: {reason}",
    },
    explanation: `An \`npy(...)\` file (or an entry of an \`.npz\` archive) is not in NumPy's \`.npy\` format: it
does not start with the magic string \`\\x93NUMPY\`, its format version is not 1.0, 2.0 or 3.0, or
its header does not hold \`descr\`, \`fortran_order\` and a \`shape\` tuple. This usually means the
file was written by something else (a \`.pt\`, \`.h5\` or CSV file renamed), or with \`numpy.tofile\`,
which writes raw values with no header.`,
    example: {
      shown: `\`\`\`
# faces.vae
model Faces {
  data x : real[3, 64, 64]
  ...
}
train { data = npy("data/faces.npy") }   # written with x.tofile(...)
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE501]: \`data/faces.npy\` is not a readable .npy array: it does not start with the .npy magic string \`\\x93NUMPY\`
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
help: write the array with \`numpy.save\` (or \`numpy.savez\` for .npz)
\`\`\``,
    },
    fix: `Write the array with \`numpy.save("data/faces.npy", x)\`; several arrays go in one archive with
\`numpy.savez("data/faces.npz", imgs=x)\` and are read with \`npz("data/faces.npz", "imgs")\`.`,
  },
  VAE502: {
    title: "a data file is truncated (or longer than its header says)",
    severity: "error",
    messages: {
      truncated: "`{path}` is {what}: expected {expectedBytes} bytes, found {foundBytes}",
    },
    explanation: `An \`.npy\` header states the element type and shape of the array, so the file's exact length
is known. This error says the file has fewer bytes than that (a copy or download cut short, a
disk that filled up while saving) or more. The message gives both byte counts. Inside an \`.npz\`
archive the entry is named as \`file.npz[key]\`.`,
    example: {
      shown: `\`\`\`
# sprites.vae
model Sprites {
  data x : binary[64, 64]
  ...
}
train { data = npy("dsprites.npy") }
\`\`\`

\`\`\`
$ vaec train sprites.vae
error[VAE502]: \`dsprites.npy\` is truncated: expected 3019899008 bytes, found 1073741824
  --> sprites.vae:2:3
   |
 2 |   data x : binary[64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : binary[64, 64]\`
help: the file was probably cut short while copying or saving; write it again
\`\`\``,
    },
    fix: `Copy or save the file again and check its size (\`ls -l\`) against the size the message expects.`,
  },
  VAE503: {
    title: "an array element type vaec cannot read",
    severity: "error",
    messages: {
      unsupportedDtype: "`{path}` holds `{dtype}` values, which vaec cannot read",
    },
    explanation: `vaec reads little-endian numbers: float16, float32 and float64 (\`<f2\`, \`<f4\`, \`<f8\`),
8-, 16-, 32- and 64-bit integers, signed and unsigned, and booleans (\`|b1\`). Big-endian arrays
(\`>f4\`), complex numbers, strings, Python objects and structured (record) dtypes are refused,
because none of them is an image. 64-bit integers are converted to float64, exact up to 2^53;
float16 is widened to float32.`,
    example: {
      shown: `\`\`\`
# sprites.vae
model Sprites {
  data x : binary[64, 64]
  ...
}
train { data = npy("sprites-be.npy") }   # saved from a big-endian array
\`\`\`

\`\`\`
$ vaec train sprites.vae
error[VAE503]: \`sprites-be.npy\` holds \`>f4\` values, which vaec cannot read
  --> sprites.vae:2:3
   |
 2 |   data x : binary[64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : binary[64, 64]\`
   = note: vaec reads little-endian numbers: \`<f2\`, \`<f4\`, \`<f8\`, \`|u1\`, \`|i1\`, \`|b1\`, \`<u2\`, \`<i2\`, \`<u4\`, \`<i4\`, \`<u8\`, \`<i8\`
help: convert it in NumPy first, e.g. \`numpy.save(path, x.astype('<f4'))\`
\`\`\``,
    },
    fix: `Convert the array in NumPy: \`numpy.save(path, x.astype("<f4"))\` (or \`"|u1"\` for bytes).`,
  },
  VAE504: {
    title: "an array stored in Fortran order",
    severity: "error",
    messages: {
      fortranOrder: "`{path}` is stored in Fortran order; vaec reads C-order arrays only",
    },
    explanation: `\`numpy.save\` writes a Fortran-ordered (column-major) array as is, with \`fortran_order: True\`
in the header. vaec reads examples as contiguous rows (C order), and rather than transpose a
possibly huge array behind your back it asks for a C-order copy.`,
    example: {
      shown: `\`\`\`
# faces.vae
model Faces {
  data x : real[3, 64, 64]
  ...
}
train { data = npy("faces.npy") }   # saved as numpy.asfortranarray(x)
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE504]: \`faces.npy\` is stored in Fortran order; vaec reads C-order arrays only
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
help: save a C-order copy: \`numpy.save(path, numpy.ascontiguousarray(x))\`
\`\`\``,
    },
    fix: `\`numpy.save(path, numpy.ascontiguousarray(x))\`.`,
  },
  VAE505: {
    title: "the examples do not have the shape the spec declares",
    severity: "error",
    messages: {
      wrongShape: "{what} has examples of shape {found}, but the spec declares {expected}",
    },
    explanation: `The data's examples must have the shape of the spec's \`data\` declaration. For arrays the
first axis counts the examples and the rest is one example's shape; \`sprites\` are 64 x 64,
\`mnist\` 28 x 28, and \`images(dir, size)\` gives \`[size, size]\` (grey) or \`[3, size, size]\` (RGB,
channels first). Shapes match when they are equal once sizes of 1 are dropped (\`[1, 28, 28]\`
fits \`[28, 28]\`), or when the spec is the flattened vector (\`[784]\` fits \`[28, 28]\`). The
message gives both shapes.`,
    example: {
      shown: `\`\`\`
# faces.vae
model Faces {
  data x : real[3, 64, 64]
  ...
}
train { data = npy("faces.npy") }   # numpy shape (5000, 64, 64, 3): channels last
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE505]: \`faces.npy\` has examples of shape [64, 64, 3], but the spec declares [3, 64, 64]
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
   = note: shapes match when they are equal after dropping sizes of 1, or when the spec is the flattened vector
help: declare \`x\` with shape [64, 64, 3], or reshape the data
\`\`\``,
    },
    fix: `Declare the shape the data has, or reshape the data to the declared one. Images are channels
first in vaec: move a channels-last axis with \`numpy.save(path, x.transpose(0, 3, 1, 2))\`. For
\`images(dir, size)\`, make \`size\` match the spec's height and width.`,
  },
  VAE506: {
    title: "data values outside the declared range",
    severity: "error",
    messages: {
      outOfRange: "{what} has values in [{min}, {max}], outside the declared range [{lo}, {hi}]",
    },
    explanation: `Every value must lie in the \`data\` declaration's range: \`[0, 1]\` for \`binary\` data and by
default for \`real\` data, or the range written after \`in\`. The range is the box the attacks keep
their adversarial inputs in and what the likelihood assumes, so data outside it would train a
model for inputs the attacks never produce. The message gives the smallest and largest value
found. 8-bit images saved as integers 0..255 are the usual case: vaec does not divide by 255
behind your back.`,
    example: {
      shown: `\`\`\`
# faces.vae
model Faces {
  data x : real[3, 64, 64]
  ...
}
train { data = npy("faces-uint8.npy") }
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE506]: \`faces-uint8.npy\` has values in [0, 255], outside the declared range [0, 1]
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
help: if these are 8-bit pixels, divide by 255 before saving, or declare the range: \`real[...] in [0, 255]\`
\`\`\``,
    },
    fix: `Rescale the data (\`numpy.save(path, x / 255.0)\`), or declare the range it has:
\`data x : real[3, 64, 64] in [0, 255]\`.`,
  },
  VAE507: {
    title: "`binary` data with values other than 0 and 1",
    severity: "error",
    messages: {
      notBinary:
        "{what} is declared `binary` but has {count} values that are neither 0 nor 1 (e.g. {example})",
    },
    explanation: `A \`binary\` declaration promises values that are exactly 0 or 1. An array with anything else
(grey levels, 0/255 bytes) is refused rather than silently thresholded. Grey-level data in
[0, 1] can still train with a Bernoulli likelihood: declare it \`real[...] in [0, 1]\`. (\`mnist\`
and \`images(...)\` are the exception: vaec decodes those itself and thresholds them at 0.5 when
the spec says \`binary\`.)`,
    example: {
      shown: `\`\`\`
# digits.vae
model Digits {
  data x : binary[28, 28]
  ...
}
train { data = npy("digits-grey.npy") }
\`\`\`

\`\`\`
$ vaec train digits.vae
error[VAE507]: \`digits-grey.npy\` is declared \`binary\` but has 61000 values that are neither 0 nor 1 (e.g. 0.0117647)
  --> digits.vae:2:3
   |
 2 |   data x : binary[28, 28]
   |   ^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : binary[28, 28]\`
help: threshold it first (e.g. \`x > 0.5\`), or declare it \`real[...] in [0, 1]\`: a Bernoulli likelihood accepts values in [0, 1]
\`\`\``,
    },
    fix: `Threshold in NumPy (\`numpy.save(path, (x > 0.5).astype("|u1"))\`) or declare the data \`real\`.`,
  },
  VAE508: {
    title: "NaN or infinite data values",
    severity: "error",
    messages: {
      nonFinite: "{what} has {count} NaN or infinite values",
    },
    explanation: `The data holds NaN or infinite values. One of them in a batch makes the loss NaN, and
training would stop at the first batch that contains it (VAE540); vaec checks every value when
the data is loaded instead.`,
    example: {
      shown: `\`\`\`
# cells.vae
model Cells {
  data x : real[64, 64]
  ...
}
train { data = npy("cells.npy") }   # normalised by a per-image std that was 0 for blank images
\`\`\`

\`\`\`
$ vaec train cells.vae
error[VAE508]: \`cells.npy\` has 8192 NaN or infinite values
  --> cells.vae:2:3
   |
 2 |   data x : real[64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[64, 64] in [0, 1]\`
help: remove or impute them before saving; vaec trains on finite numbers only
\`\`\``,
    },
    fix: `Find them with \`numpy.isfinite(x).all(axis=(1, 2))\`, then drop or repair those examples.`,
  },
  VAE509: {
    title: "no such array in an .npz archive",
    severity: "error",
    messages: {
      npzKeyMissing: "`{path}` has no array `{key}`",
    },
    explanation: `\`npz(path, key)\` reads the array saved under \`key\` (\`numpy.savez(path, key=x)\` stores it as
\`key.npy\` in the archive). The archive has no such entry; the note lists the keys it has.`,
    example: {
      shown: `\`\`\`
# sprites.vae
model Sprites {
  data x : binary[64, 64]
  ...
}
train { data = npz("dsprites.npz", "images") }
\`\`\`

\`\`\`
$ vaec train sprites.vae
error[VAE509]: \`dsprites.npz\` has no array \`images\`
  --> sprites.vae:2:3
   |
 2 |   data x : binary[64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : binary[64, 64]\`
   = note: it holds \`imgs\`, \`latents_values\`, \`latents_classes\`, \`metadata\`
help: use one of its keys, e.g. \`npz("dsprites.npz", "imgs")\`
\`\`\``,
    },
    fix: `Use one of the listed keys; NumPy shows them with \`numpy.load(path).files\`.`,
  },
  VAE510: {
    title: "not a readable .npz archive",
    severity: "error",
    messages: {
      notNpz: "`{path}` is not a readable .npz archive: {reason}",
    },
    explanation: `An \`.npz\` file is a zip archive of \`.npy\` files. This one cannot be unzipped: it is not a zip
file, or it is damaged or cut short. The message gives the unzipper's (fflate's) reason.`,
    example: {
      shown: `\`\`\`
# sprites.vae
model Sprites {
  data x : binary[64, 64]
  ...
}
train { data = npz("dsprites.npz", "imgs") }   # download interrupted
\`\`\`

\`\`\`
$ vaec train sprites.vae
error[VAE510]: \`dsprites.npz\` is not a readable .npz archive: invalid zip data
  --> sprites.vae:2:3
   |
 2 |   data x : binary[64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : binary[64, 64]\`
help: write it with \`numpy.savez\` or \`numpy.savez_compressed\`
\`\`\``,
    },
    fix: `Write the archive again with \`numpy.savez\` or \`numpy.savez_compressed\`, and check that
\`numpy.load(path).files\` lists its arrays.`,
  },
  VAE511: {
    title: "an images folder with no images",
    severity: "error",
    messages: {
      emptyFolder: "folder `{dir}` has no PNG or JPEG images",
    },
    explanation: `\`images(dir, size)\` reads the files ending in \`.png\`, \`.jpg\` or \`.jpeg\` (any case) directly
inside \`dir\`. Subfolders are not searched, and other files are ignored; this folder has none.`,
    example: {
      shown: `\`\`\`
# faces.vae
model Faces {
  data x : real[3, 64, 64]
  ...
}
train { data = images("celeba", 64) }   # the images are in celeba/img_align_celeba/
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE511]: folder \`celeba\` has no PNG or JPEG images
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
   = note: vaec reads the files ending in .png, .jpg or .jpeg directly inside the folder (not in subfolders)
help: point \`images(...)\` at the folder that holds the image files
\`\`\``,
    },
    fix: `Point \`images(...)\` at the folder holding the files: \`images("celeba/img_align_celeba", 64)\`.`,
  },
  VAE512: {
    title: "an image file that cannot be decoded",
    severity: "error",
    messages: {
      unreadableImage: "image `{path}` cannot be read: {reason}",
    },
    explanation: `Every image of an \`images(...)\` folder is decoded when the data is loaded, so a broken file
stops the run before training rather than in the middle of it. PNGs are read with pngjs and
JPEGs with jpeg-js (baseline and progressive JPEG; strict, so a file cut short is reported
rather than half-read). Each unreadable file gets its own error, up to ten; a note counts the
rest.`,
    example: {
      shown: `\`\`\`
# faces.vae
model Faces {
  data x : real[3, 64, 64]
  ...
}
train { data = images("faces", 64) }
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE512]: image \`faces/000123.jpg\` cannot be read: SOI not found
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
help: re-save it as PNG or baseline JPEG, or remove it from the folder
\`\`\``,
    },
    fix: `Re-save the file (any image editor, or \`convert in.jpg out.png\`), or move it out of the folder.`,
  },
  VAE513: {
    title: "the held-out count leaves no training data",
    severity: "error",
    messages: {
      badHeldOut: "cannot hold out {heldOut} of the {size} examples of `{name}`",
    },
    explanation: `vaec holds out a fixed number of examples (chosen by a seeded permutation) for evaluation and
attacks, and trains on the rest. The count must be a whole number, at least 0, and smaller than
the data set, so that at least one example is left to train on.`,
    example: {
      shown: `\`\`\`
# digits.vae
model Digits {
  data x : binary[28, 28]
  ...
}
train { data = mnist }   # with a held-out count of 20000
\`\`\`

\`\`\`
$ vaec train digits.vae
error[VAE513]: cannot hold out 20000 of the 10000 examples of \`mnist\`
  --> digits.vae:2:3
   |
 2 |   data x : binary[28, 28]
   |   ^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : binary[28, 28]\`
   = note: the held-out count must be a whole number, at least 0, and leave at least one training example
help: hold out fewer examples than 10000 in the \`train\` settings
\`\`\``,
    },
    fix: `Lower the held-out count in the \`train\` settings (the \`mnist\` package has 10,000 digits;
\`sprites\` has 737,280).`,
  },
  VAE514: {
    title: "an array with no examples",
    severity: "error",
    messages: {
      emptyArray: "`{path}` has no examples (its shape is {shape})",
    },
    explanation: `The first axis of an \`npy\`/\`npz\` array counts the examples, and it is 0 here, so there is
nothing to train on. This is usually a filter in the script that wrote the file that matched
nothing.`,
    example: {
      shown: `\`\`\`
# faces.vae
model Faces {
  data x : real[3, 64, 64]
  ...
}
train { data = npy("faces.npy") }   # numpy shape (0, 3, 64, 64)
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE514]: \`faces.npy\` has no examples (its shape is [0, 3, 64, 64])
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
   = note: the first axis of the array counts the examples
help: save the data set itself, with the examples along the first axis
\`\`\``,
    },
    fix: `Check the script that wrote the file, and save the examples along the first axis.`,
  },
  VAE515: {
    title: "a data file that exists but cannot be read",
    severity: "error",
    messages: {
      unreadableFile: "data file `{path}` cannot be read: {reason}",
    },
    explanation: `The data file is there but reading it failed: the operating system refused (permissions, a
device error), or the file is larger than one typed array can hold (4 GiB): vaec reads an
\`.npy\`/\`.npz\` file whole into memory, keeping its element type. The message gives the system's
reason.`,
    example: {
      shown: `\`\`\`
# faces.vae
model Faces {
  data x : real[3, 64, 64]
  ...
}
train { data = npy("faces-f64.npy") }   # 200,000 float64 images: 19.7 GB
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE515]: data file \`faces-f64.npy\` cannot be read: it is 18.3 GiB, more than the 4 GiB one array can hold
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
   = note: vaec reads a data file whole into memory, up to 4 GiB
help: check the file's permissions; store a larger array in a smaller type (e.g. \`|u1\` pixels)
\`\`\``,
    },
    fix: `Make the file readable (\`chmod a+r\`), or store the array more compactly: 8-bit pixels
(\`(x * 255).round().astype("|u1")\`, declared \`real[...] in [0, 255]\`) take an eighth of float64's
space.`,
  },
  VAE516: {
    title: "too few held-out examples to attack",
    severity: "error",
    messages: {
      tooFewToAttack:
        "the attacks need at least 2 held-out examples, but {heldOut} of the {size} examples {verb} held out",
    },
    explanation: `The attacks perturb a held-out source example towards a different held-out target, so they need
at least two held-out examples. A spec that sets \`held_out = 0\` or \`1\` next to an \`attack\` block
is caught by \`vaec check\` (VAE218); this is the same problem found when the data is loaded: with
no \`held_out\`, the split is a share of the data (10%, at least 1), and a very small data set
leaves a single held-out example. Nothing is attacked and nothing is written.`,
    example: {
      shown: `\`\`\`
# tiny.vae: 12 examples, no held_out
model Tiny {
  data x : real[4, 4] in [0, 1]
  ...
}
train { data = npy("tiny.npy"), steps = 100 }
attack { pairs = 2 }
\`\`\`

\`\`\`
$ vaec attack tiny.vae
error[VAE516]: the attacks need at least 2 held-out examples, but 1 of the 12 examples is held out
  = note: each attack pair is a held-out source and a different held-out target
help: set \`held_out = 2\` or more in the \`train\` block (and retrain), or use a larger data set
\`\`\``,
    },
    fix: `Hold out at least two examples, \`train { data = npy("tiny.npy"), held_out = 4 }\`, and train
again (the split is part of the run), or attack a model trained on more data.`,
  },
  VAE517: {
    title: "a data path that is not a file (or not a folder)",
    severity: "error",
    messages: {
      wrongPathKind: "data {expected} `{path}` is {what}, not a {expected}",
    },
    explanation: `The path exists, but it is not what the data source reads: \`npy(...)\` and \`npz(...)\` read a
regular file, \`images(...)\` a folder. The message names what the path is: a folder, a named
pipe (FIFO), a character or block device (such as \`/dev/zero\`), a socket, a symbolic link that
loops, or a symbolic link whose target does not exist. vaec never opens such a path for reading:
a FIFO would wait for a writer forever and a device may never end. The same check runs on each
entry of an images folder named like an image (\`*.png\`, \`*.jpg\`): symbolic links to image files
are followed, anything else so named is reported rather than skipped.`,
    example: {
      shown: `\`\`\`
# pipe.vae
model Pipe {
  data x : real[16] in [0, 1]
  ...
}
train { data = npy("stream.npy") }   # made with \`mkfifo stream.npy\`
\`\`\`

\`\`\`
$ vaec train pipe.vae
error[VAE517]: data file \`stream.npy\` is a named pipe (FIFO), not a file
  --> pipe.vae:2:3
   |
 2 |   data x : real[16] in [0, 1]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[16] in [0, 1]\`
   = note: relative paths are resolved from the folder of the spec
help: vaec reads data from regular files: save the data to a file and name that
\`\`\``,
    },
    fix: `Save the data to a regular file and name it (\`numpy.save("stream.npy", x)\` after removing the
pipe); for a folder, name the \`.npy\` or \`.npz\` file inside it, or use \`images("dir", size)\` for
a folder of images; for a broken link, \`ls -l\` shows where it points.`,
  },
  VAE518: {
    title: "an image too large to decode",
    severity: "error",
    messages: {
      imageTooLarge:
        "image `{path}` is {width} x {height} pixels ({size}), more than the {limit} vaec decodes",
    },
    explanation: `An image in an \`images(...)\` folder claims, in its header, more than 25 megapixels (say 5000 x
5000). Decoding it would take its width x height x 4 bytes at once, and a few kilobytes of PNG
can claim 40000 x 40000 pixels: 6.4 GB, enough to exhaust the machine before training starts
(a "decompression bomb"). vaec reads the width and height from the PNG or JPEG header before
decoding and refuses such a file. Training images are stretched to the spec's size anyway (64 x
64, say), so nothing is lost by shrinking the file first.`,
    example: {
      shown: `\`\`\`
# faces.vae
train { data = images("faces", 64) }
\`\`\`

\`\`\`
$ vaec train faces.vae
error[VAE518]: image \`faces/poster.png\` is 40000 x 40000 pixels (1600 megapixels), more than the 25 megapixels vaec decodes
  --> faces.vae:2:3
   |
 2 |   data x : real[3, 64, 64]
   |   ^^^^^^^^^^^^^^^^^^^^^^^^ the data must fit \`x : real[3, 64, 64] in [0, 1]\`
   = note: the size is read from the file's header, before anything is decoded
help: shrink the image first (e.g. \`magick big.png -resize 1024x1024 small.png\`), or remove it from the folder
\`\`\``,
    },
    fix: `Shrink the image (\`magick poster.png -resize 1024x1024 poster.png\`), or move it out of the
folder.`,
  },
});
