"""Training the attribution tagger (needs the ``train`` extra: torch, transformers, onnx).

data -> trainer -> export: PolNeAR articles become labelled wordpiece windows, a small
pretrained encoder is fine-tuned to tag them, and the result is exported to a quantised ONNX
model directory that the runtime extractor loads with onnxruntime alone.
"""
