using System.CommandLine;
using BrainAug.Trainer.Commands;

var root = new RootCommand("BrainAug trainer: prepares brain-tumour MRI data (phantom, slices) and trains the segmenter (seg), the tumour generator (tumour) and the brain generator (brain).")
{
    PhantomCommand.Create(args),
    SlicesCommand.Create(args),
    SegCommand.Create(args),
    TumourCommand.Create(args),
    BrainCommand.Create(args),
    CheckKernelsCommand.Create(args),
    KernelSettingsCommand.Create(args),
};
// --verbose (any command): print the stack trace of an error as well as its one-line message.
root.Options.Add(new Option<bool>("--verbose") { Description = "Print the stack trace of an error", Recursive = true });
var parse = root.Parse(args);
return parse.Errors.Count > 0 ? CommandErrors.ParseErrors(parse) : parse.Invoke();
