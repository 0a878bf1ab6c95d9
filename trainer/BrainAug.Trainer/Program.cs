using System.CommandLine;
using BrainAug.Trainer.Commands;

var root = new RootCommand("BrainAug trainer: prepares brain-tumour MRI data (phantom, slices) and trains the segmenter (seg), the tumour generator (tumour) and the brain generator (brain).")
{
    PhantomCommand.Create(args),
    SlicesCommand.Create(args),
    SegCommand.Create(args),
    TumourCommand.Create(args),
    BrainCommand.Create(args),
};
return root.Parse(args).Invoke();
