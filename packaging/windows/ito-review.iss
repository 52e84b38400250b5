; Inno Setup 6 script: a Windows installer for the one-folder app that build.spec makes.
;
;   pyinstaller --noconfirm build.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\ito-review.iss
;
; Writes dist\ITO-Review-<version>-windows-x64-setup.exe. Paths below are relative to this
; script's folder. Installs per user by default (no administrator rights needed; the user may
; choose all users instead), adds a Start-menu entry for the desktop app and, optionally, a
; desktop icon. The command-line tool is installed next to it as ito-review.exe.
; Untested on our machines (Linux only): written from the Inno Setup documentation and run by
; .github/workflows/package.yml.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "ITO Review"
#define AppExe "ito-desktop.exe"
#define BuiltApp "..\..\dist\ITO Review"

[Setup]
; The AppId identifies the app to upgrades and the uninstaller: never change it.
AppId={{FC47347B-6620-42F4-83AE-1F24A8815FE9}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=ITO-Review-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\ito-review.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BuiltApp}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Settings, reviews and the user clause library live in the user's profile (README "Install")
; and are left in place on uninstall, like a document folder.
