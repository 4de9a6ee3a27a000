package org.coloconsole.app.vm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.coloconsole.app.profile.ProfileEditorModel;
import org.coloconsole.app.ui.DialogService;
import org.coloconsole.app.wizard.FailoverWizardModel;
import org.coloconsole.app.wizard.PreflightModel;
import org.coloconsole.app.wizard.ResumeWizardModel;

/** The operator's answers, scripted; every question and window asked for is recorded. */
final class ScriptedDialogs implements DialogService {
    final Deque<Object> answers = new ArrayDeque<>();
    final List<String> asked = new ArrayList<>();
    final List<Object> opened = new ArrayList<>();

    ScriptedDialogs answer(Object a) {
        answers.add(a);
        return this;
    }

    @Override
    public boolean confirm(String header, String text, String okLabel) {
        asked.add("confirm: " + header + " | " + text);
        return (Boolean) answers.remove();
    }

    @Override
    public boolean confirmDangerous(String header, String text, String keepLabel, String goLabel) {
        asked.add("dangerous: " + header + " | " + text);
        return (Boolean) answers.remove();
    }

    @Override
    public Optional<String> ask(String title, String header, String initial, String inputId) {
        asked.add("ask: " + title + " [" + initial + "]");
        Object a = answers.remove();
        return a instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @Override
    public void showPreflight(PreflightModel model, String title) {
        opened.add(model);
    }

    @Override
    public void openFailoverWizard(FailoverWizardModel model) {
        opened.add(model);
    }

    @Override
    public void openResumeWizard(ResumeWizardModel model) {
        opened.add(model);
    }

    @Override
    public void openProfileEditor(ProfileEditorModel model) {
        opened.add(model);
    }

    @Override
    public void openDrills(org.coloconsole.app.drill.DrillsModel model) {
        opened.add(model);
    }
}
