"""PyTorch beginner programs run unchanged under ``import pyt as torch``.

Each program below is written in the style of PyTorch's "Learning PyTorch with Examples"
(tensors, autograd, a custom autograd Function, nn, optim, a custom Module, a dynamic net)
and of the 60-minute blitz (tensors, neural networks). Each is a source string executed
once with ``import torch`` and once with ``import pyt as torch`` (its ``import torch.nn as
nn``-style lines are redirected to pyt's modules the same way); the random data and initial
weights come from a seeded numpy generator, so both runs start identically. Each program
leaves its losses (or other observed values) in ``result``; the two runs must agree.
Iteration counts are shortened from the tutorials' to keep the test quick.
"""

import contextlib
import sys
import textwrap

import numpy as np
import pytest

import pyt

PROGRAMS = {}

# --- Learning PyTorch with Examples: "PyTorch: Tensors" -----------------------------------
PROGRAMS["tensors_polynomial"] = """
import torch
import math
import numpy as np

rng = np.random.default_rng(0)
dtype = torch.float
device = torch.device("cpu")

x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
y = torch.sin(x)

a, b, c, d = (torch.tensor(float(v), device=device, dtype=dtype) for v in rng.standard_normal(4))

learning_rate = 1e-6
result = []
for t in range(300):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum().item()
    if t % 50 == 49:
        result.append(loss)
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()
    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d
result += [a.item(), b.item(), c.item(), d.item()]
"""

# --- "PyTorch: Tensors and autograd" --------------------------------------------------------
PROGRAMS["autograd_polynomial"] = """
import torch
import math
import numpy as np

rng = np.random.default_rng(1)
dtype = torch.float
x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x)
a, b, c, d = (torch.tensor(float(v), dtype=dtype, requires_grad=True)
              for v in rng.standard_normal(4))

learning_rate = 1e-6
result = []
for t in range(300):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    if t % 50 == 49:
        result.append(loss.item())
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None
result.append(f"Result: y = {a.item():.3f} + {b.item():.3f} x + {c.item():.3f} x^2 + {d.item():.3f} x^3")
"""

# --- "PyTorch: Defining new autograd functions" --------------------------------------------
PROGRAMS["custom_function_legendre"] = """
import torch
import math


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


dtype = torch.float
x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x)
a = torch.full((), 0.0, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, dtype=dtype, requires_grad=True)

learning_rate = 5e-6
result = []
for t in range(300):
    P3 = LegendrePolynomial3.apply
    y_pred = a + b * P3(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    if t % 50 == 49:
        result.append(loss.item())
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None
result += [a.item(), b.item(), c.item(), d.item()]
"""

# --- "PyTorch: nn" ------------------------------------------------------------------------
PROGRAMS["nn_polynomial"] = """
import torch
import math
import numpy as np

rng = np.random.default_rng(2)
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
with torch.no_grad():
    for param in model.parameters():
        param.copy_(torch.from_numpy(rng.uniform(-0.5, 0.5, tuple(param.shape)).astype(np.float32)))
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-6
result = []
for t in range(300):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    if t % 50 == 49:
        result.append(loss.item())
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad

linear_layer = model[0]
result += linear_layer.weight[:, 0].tolist() + [linear_layer.bias.item()]
"""

# --- "PyTorch: optim" ----------------------------------------------------------------------
PROGRAMS["optim_polynomial"] = """
import torch
import math
import numpy as np

rng = np.random.default_rng(3)
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
with torch.no_grad():
    for param in model.parameters():
        param.copy_(torch.from_numpy(rng.uniform(-0.5, 0.5, tuple(param.shape)).astype(np.float32)))
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-3
optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)
result = []
for t in range(300):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    if t % 50 == 49:
        result.append(loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
"""

# --- "PyTorch: Custom nn Modules" ------------------------------------------------------------
PROGRAMS["custom_module"] = """
import torch
import math


class Polynomial3(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.tensor(0.1))
        self.b = torch.nn.Parameter(torch.tensor(-0.2))
        self.c = torch.nn.Parameter(torch.tensor(0.3))
        self.d = torch.nn.Parameter(torch.tensor(0.05))

    def forward(self, x):
        return self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3

    def string(self):
        return f'y = {self.a.item():.4f} + {self.b.item():.4f} x + {self.c.item():.4f} x^2 + {self.d.item():.4f} x^3'


x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)
model = Polynomial3()
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)
result = []
for t in range(300):
    y_pred = model(x)
    loss = criterion(y_pred, y)
    if t % 50 == 49:
        result.append(loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
result.append(f'Result: {model.string()}')
"""

# --- "PyTorch: Control Flow + Weight Sharing" ------------------------------------------------
PROGRAMS["dynamic_net"] = """
import random
import torch
import math


class DynamicNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.tensor(0.1))
        self.b = torch.nn.Parameter(torch.tensor(0.2))
        self.c = torch.nn.Parameter(torch.tensor(-0.1))
        self.d = torch.nn.Parameter(torch.tensor(0.05))
        self.e = torch.nn.Parameter(torch.tensor(0.01))

    def forward(self, x):
        y = self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3
        for exp in range(4, random.randint(4, 6)):
            y = y + self.e * x ** exp
        return y


random.seed(0)
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)
model = DynamicNet()
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-8, momentum=0.9)
result = []
for t in range(300):
    y_pred = model(x)
    loss = criterion(y_pred, y)
    if t % 50 == 49:
        result.append(loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
"""

# --- 60-minute blitz: Tensors ---------------------------------------------------------------
PROGRAMS["blitz_tensors"] = """
import torch
import numpy as np

result = []
data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
np_array = np.array(data)
x_np = torch.from_numpy(np_array)
x_ones = torch.ones_like(x_data)
result.append(x_ones.tolist())
x_rand = torch.full_like(x_data, 0.5, dtype=torch.float)
result.append(x_rand.tolist())

shape = (2, 3,)
ones_tensor = torch.ones(shape)
zeros_tensor = torch.zeros(shape)
result += [ones_tensor.tolist(), zeros_tensor.tolist()]

tensor = torch.arange(12, dtype=torch.float32).reshape(3, 4)
result += [list(tensor.shape), str(tensor.dtype).split('.')[-1], str(tensor.device)]

tensor = torch.ones(4, 4)
result.append(f"First row: {tensor[0].tolist()}")
result.append(f"First column: {tensor[:, 0].tolist()}")
result.append(f"Last column: {tensor[..., -1].tolist()}")
tensor[:, 1] = 0
result.append(tensor.tolist())

t1 = torch.cat([tensor, tensor, tensor], dim=1)
result.append(list(t1.shape))

y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)
result += [y1.tolist(), y2.tolist()]

z1 = tensor * tensor
z2 = tensor.mul(tensor)
result += [z1.tolist(), z2.tolist()]

agg = tensor.sum()
agg_item = agg.item()
result += [agg_item, type(agg_item).__name__]

tensor.add_(5)
result.append(tensor.tolist())

t = torch.ones(5)
n = t.numpy()
t.add_(1)
result.append(n.tolist())
n = np.ones(5)
t = torch.from_numpy(n)
np.add(n, 1, out=n)
result.append(t.tolist())
"""

# The blitz's out= forms.
PROGRAMS["blitz_tensors_out"] = """
import torch

tensor = torch.ones(4, 4)
tensor[:, 1] = 0
y3 = torch.rand_like(tensor)
torch.matmul(tensor, tensor.T, out=y3)
z3 = torch.rand_like(tensor)
torch.mul(tensor, tensor, out=z3)
result = [y3.tolist(), z3.tolist()]
"""

# --- 60-minute blitz: Neural Networks --------------------------------------------------------
PROGRAMS["blitz_neural_networks"] = """
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import numpy as np


class Net(nn.Module):

    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, input):
        c1 = F.relu(self.conv1(input))
        s2 = F.max_pool2d(c1, (2, 2))
        c3 = F.relu(self.conv2(s2))
        s4 = F.max_pool2d(c3, 2)
        s4 = torch.flatten(s4, 1)
        f5 = F.relu(self.fc1(s4))
        f6 = F.relu(self.fc2(f5))
        output = self.fc3(f6)
        return output


rng = np.random.default_rng(4)
net = Net()
with torch.no_grad():
    for name, param in net.named_parameters():
        bound = 1.0 / np.sqrt(np.prod(param.shape[1:])) if param.dim() > 1 else 0.1
        param.copy_(torch.from_numpy(rng.uniform(-bound, bound, tuple(param.shape)).astype(np.float32)))

result = []
params = list(net.parameters())
result += [len(params), list(params[0].size())]

input = torch.from_numpy(rng.standard_normal((1, 1, 32, 32)).astype(np.float32))
out = net(input)
result.append(out.tolist())

net.zero_grad()
out.backward(torch.from_numpy(rng.standard_normal((1, 10)).astype(np.float32)))

output = net(input)
target = torch.from_numpy(rng.standard_normal(10).astype(np.float32))
target = target.view(1, -1)
criterion = nn.MSELoss()
loss = criterion(output, target)
result.append(loss.item())
result.append(repr(loss.grad_fn).split(" object at")[0])  # print(loss.grad_fn)
result.append(repr(loss.grad_fn.next_functions[0][0]).split(" object at")[0])

net.zero_grad()
result.append(net.conv1.bias.grad)
loss.backward()
result.append(net.conv1.bias.grad.tolist())

learning_rate = 0.01
for f in net.parameters():
    f.data.sub_(f.grad.data * learning_rate)
result.append(criterion(net(input), target).item())

optimizer = optim.SGD(net.parameters(), lr=0.01)
for _ in range(5):
    optimizer.zero_grad()
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()
    result.append(loss.item())
"""


@contextlib.contextmanager
def redirected_torch():
    """``import torch`` and ``import torch.nn as nn``-style imports resolve to pyt inside."""
    import importlib

    names = {"torch": "pyt", "torch.nn": "pyt.nn", "torch.nn.functional": "pyt.nn.functional",
             "torch.optim": "pyt.optim", "torch.autograd": "pyt.autograd",
             "torch.utils": "pyt.utils", "torch.utils.data": "pyt.utils.data"}
    saved = {k: sys.modules.get(k) for k in names}
    try:
        for k, v in names.items():
            sys.modules[k] = importlib.import_module(v)
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v


def run_program(src, lib):
    src = textwrap.dedent(src)
    ns = {"__name__": f"beginner_{lib}"}
    if lib == "pyt":
        assert "\nimport torch\n" in src
        src = src.replace("\nimport torch\n", "\nimport pyt as torch\n", 1)
        with redirected_torch():
            exec(compile(src, f"<{lib} program>", "exec"), ns)
    else:
        exec(compile(src, f"<{lib} program>", "exec"), ns)
    return ns["result"]


def assert_close(a, b, path="result"):
    if isinstance(a, float) or isinstance(b, float):
        assert isinstance(a, (int, float)) and isinstance(b, (int, float)), (path, a, b)
        np.testing.assert_allclose(a, b, rtol=2e-4, atol=1e-5, err_msg=path)
    elif isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple)) and len(a) == len(b), (path, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            assert_close(x, y, f"{path}[{i}]")
    elif isinstance(a, str) and a.startswith("Result"):
        # printed coefficients: compare the numbers
        na = [float(t) for t in a.replace("x^", " ").split() if _is_num(t)]
        nb = [float(t) for t in b.replace("x^", " ").split() if _is_num(t)]
        np.testing.assert_allclose(na, nb, rtol=1e-3, atol=2e-3, err_msg=path)
    else:
        assert a == b, (path, a, b)


def _is_num(t):
    try:
        float(t)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_runs_unchanged_with_pyt(name):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    expected = run_program(PROGRAMS[name], "torch")
    got = run_program(PROGRAMS[name], "pyt")
    assert_close(got, expected)
    assert "torch" not in [type(v).__module__.split(".")[0] for v in got]


def test_redirect_is_undone():
    import torch

    with redirected_torch():
        assert sys.modules["torch"] is pyt
    assert sys.modules["torch"] is torch
