using System.Globalization;

namespace BrainAug.Contracts.Training;

/// <summary>
/// Reads columns of a run's loss table (<see cref="TrainingRunFiles.EpochsCsv"/> or <see cref="TrainingRunFiles.StepsCsv"/>):
/// the trainer when it resumes (its loss plot), the exporter (the model card's validation figures), the report (the
/// validation curves). The one reader, so that all three agree on the format the trainer writes.
/// </summary>
public static class EpochHistory
{
    /// <summary>The named columns, one value per row in file order.</summary>
    /// <exception cref="InvalidDataException">A column is missing.</exception>
    public static Dictionary<string, List<double>> Read(string path, params string[] columns)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        var indices = columns.ToDictionary(c => c, c => Array.IndexOf(header, c) is var i and >= 0 ? i : throw new InvalidDataException($"{path} has no {c} column"));
        var history = columns.ToDictionary(c => c, _ => new List<double>());
        foreach (var fields in lines.Skip(1).Select(l => l.Split(',')))
            foreach (var (column, index) in indices) history[column].Add(double.Parse(fields[index], CultureInfo.InvariantCulture));
        return history;
    }
}
