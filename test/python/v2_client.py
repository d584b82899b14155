"""Drives a predict server with Triton's HTTP client (tritonclient.http), the way an application would, unchanged.

Usage: python v2_client.py HOST:PORT MODEL ROWS_JSON
ROWS_JSON is a JSON list of rows ({feature: value}). Prints one JSON object with what the client saw: health,
readiness, the model's metadata, infer answers (each row alone, all rows as a batch, version "1" addressed
explicitly; tensors as JSON, and in Triton's binary tensor extension, the client's default) and the client's
exception for a bad request.
"""
import json
import sys

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException, triton_to_np_dtype


def columns(metadata, rows, binary=False):
    """One InferInput per input the metadata lists, named by its feature, datatype as declared, shape [N]."""
    inputs = []
    for spec in metadata["inputs"]:
        data = np.array([row[spec["name"]] for row in rows], dtype=triton_to_np_dtype(spec["datatype"]))
        tensor = httpclient.InferInput(spec["name"], list(data.shape), spec["datatype"])
        tensor.set_data_from_numpy(data, binary_data=binary)
        inputs.append(tensor)
    return inputs


def outputs(binary=False):
    return [
        httpclient.InferRequestedOutput("label", binary_data=binary),
        httpclient.InferRequestedOutput("probabilities", binary_data=binary),
    ]


def answer(result):
    """What the client library parsed: the response's header fields and the outputs as numpy arrays."""
    response = result.get_response()
    labels = result.as_numpy("label")
    probabilities = result.as_numpy("probabilities")
    return {
        "model_name": response["model_name"],
        "model_version": response["model_version"],
        "id": response.get("id"),
        "labels": [v.decode() if isinstance(v, bytes) else str(v) for v in labels.tolist()],
        "label_shape": list(labels.shape),
        "probabilities": probabilities.tolist(),
        "probabilities_dtype": str(probabilities.dtype),
    }


def refusal(call):
    try:
        call()
    except InferenceServerException as e:
        return {"exception": type(e).__name__, "status": e.status(), "message": e.message()}
    return None


def main():
    url, model, rows = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    client = httpclient.InferenceServerClient(url=url, network_timeout=30.0)
    try:
        metadata = client.get_model_metadata(model)
        out = {
            "server_live": client.is_server_live(),
            "server_ready": client.is_server_ready(),
            "model_ready": client.is_model_ready(model),
            "model_ready_v1": client.is_model_ready(model, model_version="1"),
            "metadata": metadata,
            "metadata_v1": client.get_model_metadata(model, model_version="1"),
            "inputs": [{"name": i["name"], "datatype": i["datatype"], "shape": i["shape"]} for i in metadata["inputs"]],
            "single": [
                answer(client.infer(model, columns(metadata, [row]), outputs=outputs(), request_id=f"tc-single-{k}"))
                for k, row in enumerate(rows)
            ],
            "batch": answer(client.infer(model, columns(metadata, rows), outputs=outputs(), request_id="tc-batch")),
            "versioned": answer(client.infer(model, columns(metadata, rows), model_version="1", outputs=outputs())),
            "label_only": answer_labels(client.infer(
                model, columns(metadata, rows), outputs=[httpclient.InferRequestedOutput("label", binary_data=False)],
            )),
            # No outputs named: the client asks for every output in binary (parameters.binary_data_output).
            "default_outputs": answer(client.infer(model, columns(metadata, rows))),
            # Inputs and outputs in Triton's binary tensor extension, the client's defaults.
            "binary": answer(client.infer(
                model, columns(metadata, rows, binary=True), outputs=outputs(binary=True), request_id="tc-binary",
            )),
            # Binary inputs whose sizes do not fit their shapes: the server's 400.
            "binary_short": refusal(lambda: client.infer(model, columns(metadata, rows[:2], binary=True)[:1] + columns(metadata, rows, binary=True)[1:])),
            # A row without its last feature: the server's 400, raised by the client as its exception.
            "missing_input": refusal(lambda: client.infer(
                model, columns(metadata, rows)[:-1], outputs=outputs(),
            )),
            "wrong_version": refusal(lambda: client.infer(
                model, columns(metadata, rows), model_version="7", outputs=outputs(),
            )),
            "unknown_model": refusal(lambda: client.get_model_metadata("no-such-model")),
        }
    finally:
        client.close()
    print(json.dumps(out))


def answer_labels(result):
    return {
        "outputs": [o["name"] for o in result.get_response()["outputs"]],
        "labels": [v.decode() if isinstance(v, bytes) else str(v) for v in result.as_numpy("label").tolist()],
    }


if __name__ == "__main__":
    main()
