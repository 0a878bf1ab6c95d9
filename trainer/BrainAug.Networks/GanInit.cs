using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BrainAug.Networks;

/// <summary>DCGAN/pix2pix initialisation: conv weights N(0, 0.02); BatchNorm weights N(1, 0.02), biases 0.</summary>
internal static class GanInit
{
    public static void Apply(Module module)
    {
        using var _ = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    init.normal_(conv.weight, 0, 0.02);
                    if (conv.bias is not null) init.zeros_(conv.bias);
                    break;
                case ConvTranspose2d deconv:
                    init.normal_(deconv.weight, 0, 0.02);
                    if (deconv.bias is not null) init.zeros_(deconv.bias);
                    break;
                case BatchNorm2d norm:
                    init.normal_(norm.weight, 1, 0.02);
                    init.zeros_(norm.bias);
                    break;
            }
        }
    }
}
