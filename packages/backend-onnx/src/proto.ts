import onnxProto from 'onnx-proto';

// onnx-proto is CommonJS: its namespace comes through the default export
export const onnx = onnxProto.onnx;
export type ModelProto = InstanceType<typeof onnx.ModelProto>;
