import type { ConvNetwork, Factor, MlpNetwork, ModelIR, Network } from "@vaec/compiler";

/*
 * The parameters each factor owns, named `<factor id>/<layer>/<kernel|bias>` (`p.z1/dense0/kernel`),
 * in a fixed order. Naming is the contract shared by checkpoints, `vaec export` and the attack code.
 */

export type ParameterInit =
  | { kind: "glorot-uniform"; fanIn: number; fanOut: number }
  | { kind: "zeros" }
  | { kind: "constant"; value: number };

export interface ParameterSpec {
  name: string;
  shape: number[];
  init: ParameterInit;
}

/** Spatial layout of a conv network: channels-first image shape split into [C, H, W]. */
export function imageDims(shape: number[]): { channels: number; height: number; width: number } {
  if (shape.length === 2) return { channels: 1, height: shape[0], width: shape[1] };
  if (shape.length === 3) return { channels: shape[0], height: shape[1], width: shape[2] };
  throw new Error(
    `conv networks need an image shape [H, W] or [C, H, W], got [${shape.join(", ")}]`,
  );
}

/** Feature-map size after the encoder's strided convs ('same' padding), or the decoder's start. */
export function smallestFeatureMap(network: ConvNetwork): { height: number; width: number } {
  const { height, width } = imageDims(network.imageShape);
  const factor = network.stride ** network.channels.length;
  if (network.role === "encoder") {
    return { height: Math.ceil(height / factor), width: Math.ceil(width / factor) };
  }
  if (height % factor !== 0 || width % factor !== 0) {
    throw new Error(
      `decoder image ${height}x${width} is not divisible by stride^layers = ${factor}`,
    );
  }
  return { height: height / factor, width: width / factor };
}

function dense(prefix: string, index: number, fanIn: number, fanOut: number): ParameterSpec[] {
  return [
    {
      name: `${prefix}/dense${index}/kernel`,
      shape: [fanIn, fanOut],
      init: { kind: "glorot-uniform", fanIn, fanOut },
    },
    { name: `${prefix}/dense${index}/bias`, shape: [fanOut], init: { kind: "zeros" } },
  ];
}

function denseStack(prefix: string, widths: number[], start = 0): ParameterSpec[] {
  const specs: ParameterSpec[] = [];
  for (let i = 0; i + 1 < widths.length; i++)
    specs.push(...dense(prefix, start + i, widths[i], widths[i + 1]));
  return specs;
}

function mlpSpecs(prefix: string, network: MlpNetwork): ParameterSpec[] {
  return denseStack(prefix, [network.inputWidth, ...network.hidden, network.outputWidth]);
}

function convSpecs(prefix: string, network: ConvNetwork): ParameterSpec[] {
  const { channels: imageChannels } = imageDims(network.imageShape);
  const k = network.kernel;
  const specs: ParameterSpec[] = [];
  const map = smallestFeatureMap(network);
  if (network.role === "encoder") {
    const flat = map.height * map.width * network.channels[network.channels.length - 1];
    let inChannels = imageChannels;
    network.channels.forEach((outChannels, i) => {
      specs.push(
        {
          name: `${prefix}/conv${i}/kernel`,
          shape: [k, k, inChannels, outChannels],
          init: { kind: "glorot-uniform", fanIn: k * k * inChannels, fanOut: k * k * outChannels },
        },
        { name: `${prefix}/conv${i}/bias`, shape: [outChannels], init: { kind: "zeros" } },
      );
      inChannels = outChannels;
    });
    specs.push(
      ...denseStack(prefix, [
        flat + network.vectorInputWidth,
        ...network.dense,
        network.outputWidth,
      ]),
    );
    return specs;
  }
  // The decoder runs its channels in the order written: dense to a channels[0] feature map,
  // then one stride-s transposed conv per entry, the last one out to the image's channels.
  const first = network.channels[0];
  specs.push(
    ...denseStack(prefix, [network.inputWidth, ...network.dense, map.height * map.width * first]),
  );
  network.channels.forEach((inChannels, i) => {
    const out = i + 1 < network.channels.length ? network.channels[i + 1] : imageChannels;
    specs.push(
      {
        // conv2dTranspose filters are [k, k, outChannels, inChannels].
        name: `${prefix}/deconv${i}/kernel`,
        shape: [k, k, out, inChannels],
        init: { kind: "glorot-uniform", fanIn: k * k * inChannels, fanOut: k * k * out },
      },
      { name: `${prefix}/deconv${i}/bias`, shape: [out], init: { kind: "zeros" } },
    );
  });
  return specs;
}

export function networkParameterSpecs(prefix: string, network: Network): ParameterSpec[] {
  return network.kind === "mlp" ? mlpSpecs(prefix, network) : convSpecs(prefix, network);
}

export function factorParameterSpecs(factor: Factor): ParameterSpec[] {
  const specs = factor.network ? networkParameterSpecs(factor.id, factor.network) : [];
  const distribution = factor.distribution;
  if (distribution.kind === "normal-likelihood" && distribution.scale.kind === "learned") {
    specs.push({
      name: `${factor.id}/log_scale`,
      shape: [factor.outputWidth],
      init: { kind: "constant", value: Math.log(distribution.scale.init) },
    });
  }
  return specs;
}

/** Every trainable parameter of the model, generative factors first, in IR order. */
export function modelParameterSpecs(ir: ModelIR): ParameterSpec[] {
  return [...ir.generative, ...ir.inference].flatMap(factorParameterSpecs);
}

export function countParameters(specs: ParameterSpec[]): number {
  return specs.reduce((total, spec) => total + spec.shape.reduce((a, b) => a * b, 1), 0);
}
