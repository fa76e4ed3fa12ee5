r"""
インストール
============

PyTorch を手元に入れる方法を、pip、conda、Python 標準の仮想環境（venv）について説明し、
最後に、入った PyTorch のバージョンと GPU が使えるかどうかを確かめます。

入れるべきパッケージは、OS、GPU の有無、PyTorch のバージョンによって変わります。迷ったら、公式サイトの
`Start Locally <https://pytorch.org/get-started/locally/>`_ で自分の環境を選び、表示されたコマンドを使ってください。
このページのコマンドは、その代表的な形です。
"""

# %%
# 仮想環境を作る
# --------------
# プロジェクトごとに仮想環境を作り、その中に入れます。システム全体の Python を汚さず、
# プロジェクトごとに違うバージョンのライブラリを使い分けられます。Python 標準の ``venv`` なら次のとおりです。
#
# .. code-block:: bash
#
#    python3 -m venv .venv
#    source .venv/bin/activate          # Linux / macOS
#    .venv\Scripts\activate.bat         # Windows のコマンドプロンプト
#    .venv\Scripts\Activate.ps1         # Windows の PowerShell
#    python -m pip install --upgrade pip
#
# pip で入れる
# ------------
# いちばん簡単なのは次の 1 行です。
#
# .. code-block:: bash
#
#    pip install torch torchvision
#
# 何が入るかは OS によって違います。Windows では CPU 版、macOS では Apple シリコンの GPU（``"mps"``）にも対応した版、
# Linux（一般的な ``x86_64`` の PC）では NVIDIA の GPU 向けの CUDA 版が入ります。Linux の CUDA 版は CUDA のライブラリも一緒に入るので、
# ダウンロードは数 GB になります（GPU がなくても CPU で動きます）。GPU のない Linux では、CPU 版の置き場所を指定すると小さく済みます。
#
# .. code-block:: bash
#
#    pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu
#
# Windows で GPU を使うときや、CUDA のバージョンを選びたいときは、そのバージョン向けの置き場所を指定します。
# URL の末尾の ``cu130`` は CUDA 13.0 向けという意味で、``cu126``（CUDA 12.6）、``cu128`` のような形をとります。
# 用意される CUDA のバージョンは PyTorch のリリースごとに変わるので、公式サイトで確かめてください。
#
# .. code-block:: bash
#
#    pip install torch torchvision --index-url https://download.pytorch.org/whl/cu130
#
# pip や conda で入れる PyTorch には、CUDA の実行時ライブラリと cuDNN が含まれています。
# 自分で CUDA のコードをビルドしないなら、別に CUDA Toolkit を入れる必要はありません。
# 要るのは、その CUDA のバージョンに対応できる新しさの NVIDIA ドライバだけです。
# ドライバが対応する CUDA のバージョンは、``nvidia-smi`` の表示の右上で確かめられます。
#
# conda を使う
# ------------
# PyTorch は 2.5 を最後に、自前の conda チャンネル（``-c pytorch``）への公開をやめました。
# 古い記事にある ``conda install pytorch ... pytorch-cuda=12.1 -c pytorch -c nvidia`` では、新しいバージョンは入りません。
# conda を使うなら、conda の環境を作ってその中で pip を使い、公式の wheel を入れるのが 1 つのやり方です。
#
# .. code-block:: bash
#
#    conda create -n torch-env python=3.12
#    conda activate torch-env
#    pip install torch torchvision
#
# conda のパッケージだけでそろえたいときは、有志が保守している conda-forge の ``pytorch`` を使えます。
# PyTorch 本家の公式ビルドではないので、新しいバージョンが出てから届くまでに時間がかかることがあります。
#
# .. code-block:: bash
#
#    conda install -c conda-forge pytorch torchvision
#
# そのほかの注意
# --------------
# - Intel の CPU の Mac 向けの新しいバージョンは配布されていません（最後は 2.2 です）。
# - 手元に入れずに試すなら、Google Colab などのノートブック環境には、はじめから PyTorch が入っています。
#
# 入ったことを確かめる
# --------------------
# インストールしたら、まずは次の 1 行でバージョンと GPU の有無を確かめます。
#
# .. code-block:: bash
#
#    python -c "import torch; print(torch.__version__, torch.cuda.is_available())"
#
# 下のコードは、同じ確認をもう少し詳しく行います。このページをビルドした機械での結果が表示されています。
# ``torch.version.cuda`` は、CPU 版では ``None``、CUDA 版ではビルドに使った CUDA のバージョンです。
# CUDA 版が入っていても、GPU やドライバがなければ ``torch.cuda.is_available()`` は ``False`` になります。
import platform
from importlib.metadata import metadata

import torch
import torchvision

cuda_available = torch.cuda.is_available()
device = "cuda" if cuda_available else "cpu"

lines = [
    f"Python: {platform.python_version()}",
    f"torch: {torch.__version__}（対応する Python: {metadata('torch')['Requires-Python']}）",
    f"torchvision: {torchvision.__version__}",
    f"torch.version.cuda: {torch.version.cuda}",
    f"CUDA が使えるか: {cuda_available}",
]
if cuda_available:
    lines.append(f"GPU: {torch.cuda.get_device_name(0)}")
lines.append(f"Apple の GPU（mps）が使えるか: {torch.backends.mps.is_available()}")

if torch.version.cuda is None:
    verdict = "CPU 版の torch です。"
elif cuda_available:
    verdict = "CUDA 版の torch で、GPU が使えます。"
else:
    verdict = "CUDA 版の torch ですが、GPU（またはドライバ）が見つからないので、CPU で計算します。"
lines.append(verdict)

check = torch.arange(4.0, device=device).sum()
lines.append(
    f"このページをビルドしたデバイス: {check.device.type}（0 + 1 + 2 + 3 = {check.item():.0f}）"
)

report = "\n".join(lines)
print(report)

# %%
# 次は :doc:`/tutorials/regression/linear_regression_manual` で、実際にモデルを学習させてみましょう。
#
# このページで使った API
# ----------------------
# :func:`torch.cuda.is_available`, :func:`torch.cuda.get_device_name`, :func:`torch.backends.mps.is_available`,
# :func:`torch.arange`
