"""The peer the study used: the same networks and training steps as the .NET trainer, in Debian's PyTorch.

Usage: pytorch_peer.py CASE THREADS SECONDS
CASE is one of the benchmark's peer cases (see CASES); prints one JSON object: {"images_per_second": x, "torch": v}.
The layers mirror trainer/BrainAug.Networks (U-Net with BatchNorm double convolutions, the DCGAN generator and
discriminator, the pix2pix U-Net generator and PatchGAN), the optimisers mirror AdamSettings, and the inputs are
random, as in the C# rows they are compared with.
"""
import json
import math
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, cin, cout, base, depth):
        super().__init__()
        self.inconv = double_conv(cin, base)
        self.downs = nn.ModuleList(double_conv(base << l, base << (l + 1)) for l in range(depth))
        self.upconvs = nn.ModuleList(nn.ConvTranspose2d(base << l, (base << l) // 2, 2, stride=2) for l in range(depth, 0, -1))
        self.upblocks = nn.ModuleList(double_conv((base << l) // 2 + (base << (l - 1)), base << (l - 1)) for l in range(depth, 0, -1))
        self.head = nn.Conv2d(base, cout, 1)

    def forward(self, x):
        skips = [self.inconv(x)]
        for down in self.downs:
            skips.append(down(F.max_pool2d(skips[-1], 2)))
        x = skips[-1]
        for i, (up, block) in enumerate(zip(self.upconvs, self.upblocks)):
            x = block(torch.cat([skips[-(i + 2)], up(x)], dim=1))
        return self.head(x)


def dcgan_generator(noise, size, width, cout):
    hidden = int(math.log2(size // 4))
    channels = width << (hidden - 1)
    layers = [nn.ConvTranspose2d(noise, channels, 4, 1, 0, bias=False), nn.BatchNorm2d(channels), nn.ReLU(True)]
    for _ in range(1, hidden):
        layers += [nn.ConvTranspose2d(channels, channels // 2, 4, 2, 1, bias=False), nn.BatchNorm2d(channels // 2), nn.ReLU(True)]
        channels //= 2
    layers += [nn.ConvTranspose2d(channels, cout, 4, 2, 1, bias=False), nn.Tanh()]
    return nn.Sequential(*layers)


def dcgan_discriminator(size, width, cin):
    layers, channels_in, channels = [], cin, width
    for i in range(int(math.log2(size // 4))):
        layers.append(nn.Conv2d(channels_in, channels, 4, 2, 1, bias=False))
        if i >= 2:
            layers.append(nn.BatchNorm2d(channels))
        layers.append(nn.LeakyReLU(0.2, True))
        channels_in, channels = channels, channels * 2
    layers.append(nn.Conv2d(channels_in, 1, 4, 1, bias=False))
    return nn.Sequential(*layers)


class Pix2PixGenerator(nn.Module):
    def __init__(self, cin, cout, downs, width, dropout=0.5):
        super().__init__()
        ch = lambda level: width * min(1 << level, 8)
        self.encoders = nn.ModuleList([nn.Conv2d(cin, ch(0), 4, 2, 1, bias=False)])
        for i in range(1, downs):
            innermost = i == downs - 1
            block = [nn.LeakyReLU(0.2), nn.Conv2d(ch(i - 1), ch(i), 4, 2, 1, bias=innermost)]
            if not innermost:
                block.append(nn.BatchNorm2d(ch(i)))
            self.encoders.append(nn.Sequential(*block))
        self.decoders = nn.ModuleList([nn.Sequential(nn.ReLU(), nn.ConvTranspose2d(2 * ch(0), cout, 4, 2, 1), nn.Tanh())])
        for i in range(1, downs):
            innermost = i == downs - 1
            block = [nn.ReLU(), nn.ConvTranspose2d(ch(i) if innermost else 2 * ch(i), ch(i - 1), 4, 2, 1, bias=False), nn.BatchNorm2d(ch(i - 1))]
            if not innermost and i >= downs - 4 and dropout > 0:
                block.append(nn.Dropout(dropout))
            self.decoders.append(nn.Sequential(*block))
        self.downs = downs

    def forward(self, x):
        encoded = [self.encoders[0](x)]
        for i in range(1, self.downs):
            encoded.append(self.encoders[i](encoded[-1]))
        x = self.decoders[self.downs - 1](encoded[-1])
        for i in range(self.downs - 2, -1, -1):
            x = self.decoders[i](torch.cat([encoded[i], x], dim=1))
        return x


def patchgan(cin, width, layers):
    modules, channels = [nn.Conv2d(cin, width, 4, 2, 1), nn.LeakyReLU(0.2, True)], width
    for n in range(1, layers + 1):
        nxt = width * min(1 << n, 8)
        modules += [nn.Conv2d(channels, nxt, 4, 2 if n < layers else 1, 1, bias=False), nn.BatchNorm2d(nxt), nn.LeakyReLU(0.2, True)]
        channels = nxt
    modules.append(nn.Conv2d(channels, 1, 4, 1, 1))
    return nn.Sequential(*modules)


def gan_loss(logits, real):
    return F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits) if real else torch.zeros_like(logits))


def seg_step(size, base, batch):
    model = UNet(1, 1, base, 4).train()
    adam = torch.optim.Adam(model.parameters(), lr=1e-4)
    images, masks = torch.rand(batch, 1, size, size), (torch.rand(batch, 1, size, size) > 0.9).float()

    def step():
        adam.zero_grad()
        F.binary_cross_entropy_with_logits(model(images), masks).backward()
        adam.step()
    return step


def seg_forward(size, base, batch):
    model = UNet(1, 1, base, 4).eval()
    images = torch.rand(batch, 1, size, size)

    def forward():
        with torch.no_grad():
            torch.sigmoid(model(images))
    return forward


def dcgan_step(batch):
    generator, discriminator = dcgan_generator(100, 64, 16, 1).train(), dcgan_discriminator(64, 16, 1).train()
    adam_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    adam_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.rand(batch, 1, 64, 64) * 2 - 1

    def step():
        fake = generator(torch.randn(batch, 100, 1, 1))
        adam_d.zero_grad()
        (gan_loss(discriminator(real), True) + gan_loss(discriminator(fake.detach()), False)).backward()
        adam_d.step()
        adam_g.zero_grad()
        gan_loss(discriminator(fake), True).backward()
        adam_g.step()
    return step


def pix2pix_step(batch):
    generator, discriminator = Pix2PixGenerator(2, 1, 6, 16).train(), patchgan(3, 16, 2).train()
    adam_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    adam_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    condition, real = torch.rand(batch, 2, 64, 64) * 2 - 1, torch.rand(batch, 1, 64, 64) * 2 - 1

    def step():
        fake = generator(condition)
        adam_d.zero_grad()
        ((gan_loss(discriminator(torch.cat([condition, real], 1)), True)
          + gan_loss(discriminator(torch.cat([condition, fake.detach()], 1)), False)) * 0.5).backward()
        adam_d.step()
        adam_g.zero_grad()
        (gan_loss(discriminator(torch.cat([condition, fake], 1)), True) + F.l1_loss(fake, real) * 100).backward()
        adam_g.step()
    return step


CASES = {
    "seg-step-96-base8": lambda: seg_step(96, 8, 8),
    "seg-step-240-base16": lambda: seg_step(240, 16, 8),
    "seg-forward-240-base16": lambda: seg_forward(240, 16, 8),
    "dcgan-step-64": lambda: dcgan_step(8),
    "pix2pix-step-64": lambda: pix2pix_step(8),
}


def main():
    case, threads, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    run = CASES[case]()
    for _ in range(2):  # warm-up: allocator and kernel selection, as on the C# side
        run()
    calls, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds or calls < 2:
        run()
        calls += 1
    print(json.dumps({"images_per_second": calls * 8 / (time.perf_counter() - started), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
