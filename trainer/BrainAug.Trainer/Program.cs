using System.CommandLine;
using BrainAug.Trainer.Commands;

var root = new RootCommand("BrainAug trainer: prepares brain-tumour MRI data (phantom datasets, slices) for GAN augmentation.")
{
    PhantomCommand.Create(args),
    SlicesCommand.Create(args),
};
return root.Parse(args).Invoke();
