package org.coloconsole.app.ui;

import java.util.Optional;
import org.coloconsole.app.profile.ProfileEditorModel;
import org.coloconsole.app.wizard.FailoverWizardModel;
import org.coloconsole.app.wizard.PreflightModel;
import org.coloconsole.app.wizard.ResumeWizardModel;

/**
 * Every window a view model wants opened, and every question it asks the operator. View models
 * never open windows themselves: the console's {@link FxDialogService} does, tests script the
 * answers.
 */
public interface DialogService {
    /** A yes/no question; true when the operator chose {@code okLabel}. */
    boolean confirm(String header, String text, String okLabel);

    /**
     * A question where going on is the dangerous answer: the safe button ({@code keepLabel}) is the
     * default, so Enter never chooses {@code goLabel}. True when the operator chose {@code goLabel}.
     */
    boolean confirmDangerous(String header, String text, String keepLabel, String goLabel);

    /** A line of text (empty when cancelled); {@code inputId} names the field for tests and accessibility. */
    Optional<String> ask(String title, String header, String initial, String inputId);

    void showPreflight(PreflightModel model, String title);

    void openFailoverWizard(FailoverWizardModel model);

    void openResumeWizard(ResumeWizardModel model);

    void openProfileEditor(ProfileEditorModel model);

    /** A pair's failover drills: past reports, and running one. */
    void openDrills(org.coloconsole.app.drill.DrillsModel model);
}
