using BrainAug.Trainer.Commands;

var parse = TrainerCommandLine.Create(args).Parse(args);
return parse.Errors.Count > 0 ? CommandErrors.ParseErrors(parse) : parse.Invoke();
