using BrainAug.Trainer.Training;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Tests.Training;

public class WeightAverageTests
{
    [Fact]
    public void Update_FollowsTheRampedExponentialAverage()
    {
        using var live = nn.Linear(1, 1);
        using var average = nn.Linear(1, 1);
        SetWeight(live, 1);
        var averager = new WeightAverage(live, average, decay: 0.5);
        Assert.Equal(1f, Weight(average)); // starts at the live weights

        SetWeight(live, 3);
        averager.Update(step: 1); // ramp (1 + 1) / (10 + 1) = 0.1818 is below 0.5
        var ramp = 2.0 / 11;
        Assert.Equal(ramp * 1 + (1 - ramp) * 3, Weight(average), 5);

        var before = Weight(average);
        SetWeight(live, 7);
        averager.Update(step: 100); // ramp 101 / 110 is above 0.5: the decay setting holds
        Assert.Equal(0.5 * before + 0.5 * 7, Weight(average), 5);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    public void Create_DecayOutsideTheUnitInterval_Refused(double decay)
    {
        using var live = nn.Linear(1, 1);
        using var average = nn.Linear(1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage(live, average, decay));
    }

    private static void SetWeight(TorchSharp.Modules.Linear network, float value)
    {
        using var _ = no_grad();
        network.weight!.fill_(value);
    }

    private static double Weight(TorchSharp.Modules.Linear network) => network.weight!.item<float>();
}
