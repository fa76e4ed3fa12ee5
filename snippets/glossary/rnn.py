r"""
再帰型ニューラルネットワーク（Recurrent Neural Network）
========================================================

.. term-card::
   :ja: 再帰型ニューラルネットワーク
   :reading: さいきがたにゅーらるねっとわーく
   :en: Recurrent Neural Network
   :api: torch.nn.LSTM
   :summary: 系列（文章、音声、時系列など）を先頭から 1 要素ずつ読み、それまでの内容を「隠れ状態」に要約しながら進むネットワークです（RNN）。
      各時刻の隠れ状態は、その時刻の入力と 1 つ前の隠れ状態から、どの時刻でも同じパラメータで計算します。
      PyTorch には :class:`torch.nn.RNN`、長い系列を扱いやすくした :class:`torch.nn.LSTM` と :class:`torch.nn.GRU` があります。

定義
----
入力の系列 :math:`x_1, \dots, x_L` に対して、隠れ状態 :math:`h_t` を順に計算します（:math:`h_0 = 0`）。

.. math::

   h_t = f(x_t, h_{t-1}), \qquad
   \text{nn.RNN では}\quad h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})

:math:`W_{ih}, W_{hh}, b_{ih}, b_{hh}` はすべての時刻で共通です。LSTM は隠れ状態のほかに「セル状態」:math:`c_t` を持ち、
忘れる・書き込む・出力する量を決める 3 つのゲートで :math:`c_t` を更新します。GRU はゲートを 2 つにした簡略版です。

``batch_first=True`` のとき、入力は (N, L, 入力の次元)、出力 ``output`` は全時刻の :math:`h_t` を並べた (N, L, H) です。
最後の隠れ状態 ``h_n`` は、``batch_first`` にかかわらず (層の数, N, H) です。

かみくだいた説明
----------------
文章を 1 語ずつ読みながら、頭の中のメモ（隠れ状態）を書き換えていく読み手です。読み方の規則（パラメータ）はどの語でも同じなので、
どんな長さの系列にも同じモデルを使えます。
ただし逆伝播では時刻をさかのぼるたびに同じ行列がかかるので、遠い過去への勾配は小さくなりやすく（勾配消失）、素朴な RNN は長い依存関係を学びにくくなります。
LSTM と GRU は、ゲートでセル状態をほぼそのまま次へ渡せるようにして、これを和らげます。

使われる場面
------------
- 時系列の予測、文章や音声の分類など、順序に意味のあるデータ
- 長い系列を扱う言語モデルでは、いまは :term:`アテンション <Attention>` を使う Transformer が主流です。
"""

# %%
# 漸化式を手で計算する
# --------------------
# :class:`torch.nn.RNN` の出力は、定義の式を時刻ごとに繰り返した結果と一致します。
import torch
from torch import nn

torch.manual_seed(0)
N, L, input_size, H = 4, 7, 5, 16
x = torch.randn(N, L, input_size)
rnn = nn.RNN(input_size, H, batch_first=True)
output, h_n = rnn(x)

h = torch.zeros(N, H)
steps = []
for t in range(L):
    h = torch.tanh(
        x[:, t] @ rnn.weight_ih_l0.T + rnn.bias_ih_l0 + h @ rnn.weight_hh_l0.T + rnn.bias_hh_l0
    )
    steps.append(h)
by_hand = torch.stack(steps, dim=1)
rnn_gap = (output - by_hand).abs().max().item()
print(f"output の形 {tuple(output.shape)}, h_n の形 {tuple(h_n.shape)}")
print(f"手で計算した h_t との差（最大）: {rnn_gap:.1e}")

# %%
# RNN・LSTM・GRU の形
# -------------------
# 2 層に重ねた 3 種類で形を比べます。LSTM だけは ``(h_n, c_n)`` の組を返します。
# どれも、``output`` の最後の時刻は、最後の層の ``h_n`` と同じです。
shapes, last_equals_h_n = {}, {}
for cls in (nn.RNN, nn.LSTM, nn.GRU):
    torch.manual_seed(0)
    layer = cls(input_size, H, num_layers=2, batch_first=True)
    out, state = layer(x)
    h_last = state[0] if cls is nn.LSTM else state
    shapes[cls.__name__] = (tuple(out.shape), tuple(h_last.shape))
    last_equals_h_n[cls.__name__] = torch.allclose(out[:, -1], h_last[-1])
    extra = f", c_n {tuple(state[1].shape)}" if cls is nn.LSTM else ""
    print(
        f"{cls.__name__:>4}: output {tuple(out.shape)}, h_n {tuple(h_last.shape)}{extra}, "
        f"output[:, -1] == h_n[-1]: {last_equals_h_n[cls.__name__]}"
    )

# %%
# 長さに依存しないパラメータ
# --------------------------
# パラメータの形に系列の長さ :math:`L` は出てこないので、同じモデルに長さの違う系列を入れられます。
# LSTM は 4 つ（3 つのゲートと書き込む候補）、GRU は 3 つ分の行列をまとめて持つので、パラメータは RNN のちょうど 4 倍と 3 倍です。
lstm = nn.LSTM(input_size, H, batch_first=True)
for name, p in lstm.named_parameters():
    print(f"LSTM の {name}: {tuple(p.shape)}")
param_counts = {
    cls.__name__: sum(p.numel() for p in cls(input_size, H).parameters())
    for cls in (nn.RNN, nn.LSTM, nn.GRU)
}
print(f"パラメータの数: {param_counts}")
lengths = {}
for length in (3, 50):
    out, (h_n_lstm, c_n_lstm) = lstm(torch.randn(N, length, input_size))
    lengths[length] = tuple(out.shape)
    print(f"長さ {length} の系列: output {tuple(out.shape)}, h_n {tuple(h_n_lstm.shape)}")

# %%
# 長さがばらばらの系列をパディングでそろえて入れるときは、``output[:, -1]`` が最後の本当の要素とは限りません。
# ``torch.nn.utils.rnn.pack_padded_sequence`` で長さを教えると、``h_n`` に各系列の本当の最後の状態が入ります。
#
# 関連用語
# --------
# :term:`アテンション <Attention>`、:term:`勾配 <Gradient>`、:term:`勾配クリッピング <Gradient Clipping>`、
# :term:`全結合層 <Linear Layer>`、:term:`活性化関数 <Activation Function>`、:term:`パラメータ <Parameter>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.RNN`, :class:`torch.nn.LSTM`, :class:`torch.nn.GRU`, :func:`torch.tanh`,
# :func:`torch.nn.utils.rnn.pack_padded_sequence`, :meth:`torch.nn.Module.named_parameters`
#
# .. used-in-tutorials:: torch.nn.LSTM torch.nn.GRU
