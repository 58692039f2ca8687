# PyTorch 1.13 reference for docs/models-gan.md: the MLP GAN with the DCGAN N(0, 0.02) init (argument "dcgan") or
# PyTorch default init ("default"), non-saturating loss, Adam 2e-4 (0.5, 0.999), batch 128, first 10,000 Fashion-MNIST
# training images, 5 epochs; prints the epoch means Latent reports. Run: /usr/bin/python3 gan_mlp_reference.py dcgan
import gzip, numpy as np, torch, torch.nn as nn, time, sys
torch.manual_seed(1); torch.set_num_threads(1)
def idx(p, off):
    with gzip.open(p) as f: return np.frombuffer(f.read(), np.uint8, offset=off)
X = idx('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz', 16).reshape(-1,1,28,28)[:10000].astype(np.float32)/255
X = torch.tensor(X)*2-1
init = sys.argv[1] if len(sys.argv) > 1 else 'dcgan'
G = nn.Sequential(nn.Linear(100,256), nn.LeakyReLU(0.2), nn.Linear(256,512), nn.LeakyReLU(0.2), nn.Linear(512,784), nn.Tanh())
D = nn.Sequential(nn.Linear(784,512), nn.LeakyReLU(0.2), nn.Linear(512,256), nn.LeakyReLU(0.2), nn.Linear(256,1))
def wi(m):
    if isinstance(m, nn.Linear): nn.init.normal_(m.weight, 0, 0.02); nn.init.zeros_(m.bias)
if init == 'dcgan':
    G.apply(wi); D.apply(wi)
oG = torch.optim.Adam(G.parameters(), 2e-4, betas=(0.5,0.999)); oD = torch.optim.Adam(D.parameters(), 2e-4, betas=(0.5,0.999))
bce = nn.BCEWithLogitsLoss()
t=time.time()
for ep in range(5):
    perm = torch.randperm(10000)
    s = np.zeros(4); n=0
    for i in range(0, 10000, 128):
        x = X[perm[i:i+128]].view(-1,784); b = x.shape[0]
        z = torch.randn(b,100)
        with torch.no_grad(): f = G(z)
        oD.zero_grad(); lr_ = D(x); lf = D(f)
        dl = bce(lr_, torch.ones_like(lr_)) + bce(lf, torch.zeros_like(lf)); dl.backward(); oD.step()
        oG.zero_grad(); l = D(G(torch.randn(b,100))); gl = nn.functional.softplus(-l).mean(); gl.backward(); oG.step()
        s += [dl.item(), gl.item(), torch.sigmoid(lr_).mean().item(), torch.sigmoid(lf).mean().item()]; n+=1
    print(init, 'epoch', ep+1, 'd_loss %.4f g_loss %.4f d_real %.4f d_fake %.4f' % tuple(s/n), '%.0fs' % (time.time()-t), flush=True)
with torch.no_grad():
    s = G(torch.randn(64,100)).view(64,28,28)
print('sample mean (tanh range)', s.mean().item(), 'corner pixel mean', s[:, :3, :3].mean().item())
from PIL import Image
g = ((s+1)/2).clamp(0,1).numpy(); grid = np.zeros((224,224))
for i in range(64): grid[(i//8)*28:(i//8)*28+28, (i%8)*28:(i%8)*28+28] = g[i]
Image.fromarray((grid*255).astype(np.uint8)).resize((448,448)).save('gan-mlp-reference-%s.png' % init)
