# Saves an ONNX file as an MLflow model (the onnx flavour) for the serve bench's anchor, `mlflow models serve`.
# The signature declares the model's one input as a float32 tensor [-1, F] named as in the graph, so MLflow reads
# {"inputs": [[...], ...]} straight into a float32 array (no DataFrame on the way in); the session runs on one
# thread on the CPU, as each inference worker of the Headrace predict server does.
# Usage: python mlflow_onnx_model.py MODEL.onnx OUT_DIR
import sys

import mlflow.onnx
import numpy as np
import onnx
from mlflow.models.signature import ModelSignature
from mlflow.types.schema import Schema, TensorSpec


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    model = onnx.load(src)
    graph_input = model.graph.input[0]
    features = graph_input.type.tensor_type.shape.dim[1].dim_value
    signature = ModelSignature(inputs=Schema([TensorSpec(np.dtype(np.float32), (-1, features), graph_input.name)]))
    # One thread, as each inference worker of the Headrace predict server runs its session.
    options = {"intra_op_num_threads": 1, "inter_op_num_threads": 1, "execution_mode": "sequential"}
    mlflow.onnx.save_model(model, out, signature=signature, onnx_session_options=options, onnx_execution_providers=["CPUExecutionProvider"])


if __name__ == "__main__":
    main()
