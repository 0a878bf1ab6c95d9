// Placeholder until its issue lands (see README "Status"); it exits with an explanation, not a fake result.
Console.Error.WriteLine("This component is not implemented yet; see README.md, section Status.");
return 2;
