"""The fp16-cast folding the int8 study needs: same function, fp32 weights stored where the quantizer looks."""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from skinlesion.quantize import fold_fp16_casts


def tiny_model():
    w16 = numpy_helper.from_array(np.array([[1.5, -2.25], [0.125, 3.0]], dtype=np.float16), "w_fp16")
    shared16 = numpy_helper.from_array(np.array([1.0, 2.0], dtype=np.float16), "shared_fp16")
    nodes = [
        helper.make_node("Cast", ["w_fp16"], ["w"], to=TensorProto.FLOAT),
        helper.make_node("MatMul", ["x", "w"], ["y"]),
        # An fp16 initializer with a second consumer is left alone: folding it would change the other use.
        helper.make_node("Cast", ["shared_fp16"], ["shared"], to=TensorProto.FLOAT),
        helper.make_node("Identity", ["shared_fp16"], ["shared16_out"]),
        helper.make_node("Add", ["y", "shared"], ["z"]),
    ]
    graph = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
                              [helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, 2]),
                               helper.make_tensor_value_info("shared16_out", TensorProto.FLOAT16, [2])],
                              [w16, shared16])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_a_cast_fp16_weight_becomes_the_same_fp32_initializer_and_the_cast_goes():
    model, folded = fold_fp16_casts(tiny_model())
    onnx.checker.check_model(model)
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    assert folded == 1
    assert inits["w"].dtype == np.float32
    np.testing.assert_array_equal(inits["w"], np.array([[1.5, -2.25], [0.125, 3.0]], dtype=np.float32))
    assert "w_fp16" not in inits and "shared_fp16" in inits
    assert [n.op_type for n in model.graph.node] == ["MatMul", "Cast", "Identity", "Add"]
