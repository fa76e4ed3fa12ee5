r"""
インストール
============

PyTorch を手元に入れる方法を、Python 標準の仮想環境（venv）、pip、conda について説明します。
このサイトのページが使うパッケージをまとめて入れる 1 行を示し、
最後に、入った PyTorch のバージョンと GPU などが使えるかどうかを確かめます。

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
#    # Linux / macOS
#    python3 -m venv .venv
#    source .venv/bin/activate
#    python -m pip install --upgrade pip
#
# Windows では ``python3`` がないか、Microsoft Store を開くだけの仮のコマンドであることが多いので、
# Python のランチャ ``py`` を使います。
#
# .. code-block:: powershell
#
#    # Windows の PowerShell（コマンドプロンプトなら 2 行目は .venv\Scripts\activate.bat）
#    py -m venv .venv
#    .venv\Scripts\Activate.ps1
#    python -m pip install --upgrade pip
#
# PowerShell が「このシステムではスクリプトの実行が無効になっている」と言って ``Activate.ps1`` を止めるときは、
# 一度だけ ``Set-ExecutionPolicy -Scope CurrentUser RemoteSigned`` を実行してから、もう一度有効にします。
#
# このサイトで使うパッケージを入れる
# ----------------------------------
# 仮想環境を有効にしたら、次の 1 行を実行します。PyTorch と torchvision のほか、図を描く matplotlib と日本語フォント、
# scikit-learn、pandas など、このサイトのページが使うパッケージがすべて入ります。
# バージョンは、このサイトのページを実行して確かめたものと同じです。
#
# .. pip-line::
#
# 何が入るかは OS によって違います。Windows では CPU 版、macOS では Apple シリコンの GPU（``"mps"``）にも対応した版、
# Linux（一般的な ``x86_64`` の PC）では NVIDIA の GPU 向けの CUDA 版の torch が入ります。Linux の CUDA 版は CUDA のライブラリも一緒に入るので、
# ダウンロードは数 GB になります（GPU がなくても CPU で動きます）。
#
# GPU 向けの版を選ぶ
# ------------------
# GPU のない Linux で小さく済ませたいとき、Windows で NVIDIA の GPU を使うとき、CUDA のバージョンを選びたいときは、
# 先に torch と torchvision を、その版の置き場所（``--index-url``）から入れます。
# このとき ``torch==…`` と ``torchvision==…`` のバージョンは、上の 1 行と同じものを付けます。
# そのあとで上の 1 行を実行すると、入っている torch がそのまま使われ、残りのパッケージだけが入ります。
#
# .. code-block:: bash
#
#    # GPU のない Linux: CPU 版
#    pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu
#    # NVIDIA の GPU: CUDA 13.0 向け
#    pip install torch torchvision --index-url https://download.pytorch.org/whl/cu130
#
# URL の末尾の ``cu130`` は CUDA 13.0 向けという意味で、``cu126``（CUDA 12.6）、``cu128`` のような形をとります。
# 用意される CUDA のバージョンは PyTorch のリリースごとに変わります。
# また、新しい ``cuXXX`` の版は古い世代の GPU に対応しなくなることがあり、古い GPU では、より古い ``cuXXX`` の置き場所が要ることがあります
# （合わない版を入れると、計算するときに ``no kernel image is available`` などのエラーになります）。
# 公式サイトの `選択画面 <https://pytorch.org/get-started/locally/>`_ とリリースノートで確かめてください。
#
# AMD の GPU 向けの ROCm 版（Linux）と、Intel の GPU 向けの XPU 版も、同じように専用の置き場所から入れます。
# 選択画面で ROCm や XPU を選ぶと、その置き場所を指定したコマンドが表示されます。
#
# pip や conda で入れる PyTorch には、CUDA の実行時ライブラリと cuDNN が含まれています。
# 自分で CUDA のコードをコンパイルしないなら、別に CUDA Toolkit を入れる必要はありません。
# 要るのは、その CUDA のバージョンに対応できる新しさの NVIDIA ドライバだけです。
# ドライバが対応する CUDA のバージョンは、``nvidia-smi`` の表示の右上で確かめられます。
#
# conda を使う
# ------------
# PyTorch は 2.5 を最後に、自前の conda チャンネル（``-c pytorch``）への公開をやめました。
# 古い解説にある ``conda install pytorch ... pytorch-cuda=12.1 -c pytorch -c nvidia`` では、新しいバージョンは入りません。
# conda を使うなら、conda の環境を作ってその中で pip を使い、公式の wheel を入れるのが 1 つのやり方です。
#
# .. code-block:: bash
#
#    conda create -n torch-env python=3.12
#    conda activate torch-env
#    # このあと、上の pip の 1 行を実行します
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
# インストールしたら、まずは次の 1 行でバージョンと、GPU などのアクセラレータが使えるかを確かめます。
#
# .. code-block:: bash
#
#    python -c "import torch; print(torch.__version__, torch.accelerator.is_available())"
#
# 下のコードは、同じ確認をもう少し詳しく行います。下の出力は、このページを実行した環境での結果です。
# 手元で実行すると、あなたの環境の結果が出ます。
#
# - ``torch.version.cuda`` は、CUDA 版ならその torch が対応する CUDA のバージョン、それ以外の版では ``None`` です。
#   ``torch.version.hip`` は、AMD の GPU 向けの ROCm 版なら ROCm（HIP）のバージョンです。
# - ``torch.accelerator.current_accelerator()`` は、その torch に組み込まれたアクセラレータの種類
#   （``cuda``、``mps``、``xpu`` など）を返します。デバイスがなくても種類を返すので、実際に使えるかは
#   ``torch.accelerator.is_available()`` で確かめます。GPU やドライバがなければ ``False`` です。
import platform
from importlib.metadata import metadata

import torch
import torchvision

available = torch.accelerator.is_available()
built_in = torch.accelerator.current_accelerator()  # 組み込まれた種類（なければ None）
device = built_in.type if available else "cpu"

torch_python = metadata("torch")["Requires-Python"]
lines = [
    f"Python: {platform.python_version()}",
    f"torch: {torch.__version__}（対応する Python: {torch_python}）",
    f"torchvision: {torchvision.__version__}",
    f"torch.version.cuda: {torch.version.cuda}",
    f"torch.version.hip: {torch.version.hip}",
    f"Apple の GPU（mps）が使えるか: {torch.backends.mps.is_available()}",
    f"組み込まれたアクセラレータ: {built_in.type if built_in is not None else 'なし'}",
    f"アクセラレータが使えるか: {available}",
]

if available:
    verdict = f"{device} が使えます。GPU などで計算できます。"
elif built_in is not None:
    verdict = f"{built_in.type} 向けの torch ですが、デバイスが見つからないので CPU で計算します。"
else:
    verdict = "アクセラレータを組み込んでいない torch（CPU 版）です。CPU で計算します。"
lines.append(verdict)

check = torch.arange(4.0, device=device).sum()
lines.append(f"計算に使ったデバイス: {check.device.type}（0 + 1 + 2 + 3 = {check.item():.0f}）")

report = "\n".join(lines)
print(report)

# %%
# 次はチュートリアルです。:doc:`/tutorials/basics/quickstart` で学習の流れ全体を一度見てから、
# :doc:`/tutorials/basics/tensor_basics` でテンソルの扱いを学びましょう。
#
# このページで使った API
# ----------------------
# ``torch.accelerator.is_available``, ``torch.accelerator.current_accelerator``,
# :func:`torch.backends.mps.is_available`, :func:`torch.arange`
